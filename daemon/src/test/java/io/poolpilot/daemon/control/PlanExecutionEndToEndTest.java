package io.poolpilot.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans end to end over real parts: the simulator over sockets, the whole daemon with its embedded
 * PostgreSQL, the control API over HTTP. Simulated time runs 10x; the lease period is 2 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanExecutionEndToEndTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_operator-token-for-tests-0000000000000000000000000000";
    private static final String VIEWER = "pp_viewer-token-for-tests-00000000000000000000000000000";
    private static final String ADMIN = "pp_admin-token-for-tests-000000000000000000000000000000";
    private static final String BUDGETS = "\"budgets\":{\"maxMigrations\":10,\"maxGiB\":64,\"timeLimitSeconds\":10}";

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/plans.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(70).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, control -> control.withPlannerMoveLimit(20_000),
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("root", ADMIN, "admin"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        api = new ApiClient(daemon.apiPort());
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void anApprovedBalancePlanMovesVmsThroughABusyAnswerAndTheStoredHostSpreadDrops() {
        awaitLiveData("gamma");
        double before = storedCpuSpread("gamma", simulator.clock().instant().minusSeconds(60));
        assertThat(before).as("g-01 saturated, the others idle").isGreaterThan(0.8);

        ApiClient.Answer proposed = api.post(OPERATOR, "/v1/pools/gamma/plans",
                "{\"mode\":\"balance\"," + BUDGETS + ",\"reason\":\"g-01 is saturated\"}", null);
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(202);
        String planId = proposed.body().get("id").asText();
        JsonNode solved = awaitPlan(planId, p -> p.get("steps").size() > 0 || !p.get("state").asText().equals("proposed"));
        assertThat(solved.get("state").asText()).as(solved.toString()).isEqualTo("proposed");
        assertThat(solved.get("steps").get(0).get("reason").asText()).isNotBlank();
        // What the operator reviews: every host's predicted load before and after, and the planner's summary.
        JsonNode forecast = solved.get("forecast");
        assertThat(forecast.get("before")).hasSize(forecast.get("after").size()).isNotEmpty();
        double hottestBefore = 0;
        double hottestAfter = 0;
        for (int i = 0; i < forecast.get("before").size(); i++) {
            hottestBefore = Math.max(hottestBefore, forecast.get("before").get(i).get("cpuUtilisation").asDouble());
            hottestAfter = Math.max(hottestAfter, forecast.get("after").get(i).get("cpuUtilisation").asDouble());
        }
        assertThat(hottestAfter).as("predicted peak CPU after the plan").isLessThan(hottestBefore);
        assertThat(solved.get("explanation")).isNotEmpty();

        ApiClient.Answer viewerTry = api.post(VIEWER, "/v1/plans/" + planId + "/approve", "{}", "\"" + solved.get("version").asLong() + "\"");
        assertThat(viewerTry.status()).isEqualTo(403);
        // XAPI first answers the migration busy: the executor backs off and retries (a transient failure).
        simulator.faults().busyCalls("VM.pool_migrate", 1);
        ApiClient.Answer approved = api.post(OPERATOR, "/v1/plans/" + planId + "/approve",
                "{\"reason\":\"reviewed\"}", "\"" + solved.get("version").asLong() + "\"");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);

        JsonNode done = awaitPlan(planId, p -> terminal(p.get("state").asText()));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(simulator.faults().pendingBusy("VM.pool_migrate")).as("the busy answer was given").isZero();
        for (JsonNode step : done.get("steps")) {
            assertThat(step.get("status").asText()).isEqualTo("done");
            assertThat(residentHostUuid("gamma", step.get("vmUuid").asText())).isEqualTo(step.get("toHostUuid").asText());
            // What the operator reads of each step: wave, attempts, times, names beside uuids, GiB moved.
            assertThat(step.get("wave").asInt()).isNotNegative();
            assertThat(step.get("attempts").asInt()).isPositive();
            assertThat(Instant.parse(step.get("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(step.get("startedAt").asText()));
            assertThat(step.get("vmName").asText()).isNotBlank();
            assertThat(step.get("toHostName").asText()).startsWith("g-");
            assertThat(step.get("fromHostName").asText()).startsWith("g-");
            assertThat(step.get("movedGiB").asDouble()).isEqualTo(step.get("memoryBytes").asLong() / (double) (1L << 30),
                    org.assertj.core.data.Offset.offset(0.001));
            assertThat(step.get("reason").asText()).contains(step.get("fromHostName").asText() + " (" + step.get("fromHostUuid").asText() + ")");
        }
        // Once run, the measured load of every host stands beside the prediction.
        assertThat(done.get("forecast").get("measured")).hasSameSizeAs(done.get("forecast").get("after"));
        assertThat(done.get("forecast").get("measuredAt").asText()).isNotBlank();
        Instant finished = simulator.clock().instant();
        // The next plan sees these VMs in cooldown: their migrations are what the planner's snapshot reads.
        List<String> moved = new ArrayList<>();
        done.get("steps").forEach(step -> moved.add(step.get("vmUuid").asText()));
        java.util.Map<String, Instant> lastMoves = daemon.control().plans().history()
                .lastMigrations("gamma", moved, finished.minus(Duration.ofHours(1)));
        assertThat(lastMoves).hasSize(moved.size());
        for (JsonNode step : done.get("steps")) {
            assertThat(lastMoves.get(step.get("vmUuid").asText())).isBeforeOrEqualTo(finished);
        }
        await("stored samples after the plan", () -> count("select count(*) from host_sample where ts > '"
                + finished.plusSeconds(40) + "'") >= 3);
        double after = storedCpuSpread("gamma", finished.plusSeconds(10));
        assertThat(after).as("host CPU spread after the plan (before: %s)", before).isLessThan(before / 2);

        ApiClient.Answer audit = api.get(ADMIN, "/v1/audit?limit=100");
        assertThat(audit.raw()).contains("plan.propose").contains("plan.approve").contains("\"ops\"");
    }

    @Test
    @Order(2)
    void approvingAPlanWhosePoolDriftedAnswers409WithWhatChanged() {
        awaitLiveData("delta");
        String planId = proposeAndSolve("delta");
        JsonNode plan = api.get(VIEWER, "/v1/plans/" + planId).body();
        JsonNode step = plan.get("steps").get(0);
        String elsewhere = otherHost("delta", step.get("fromHostUuid").asText(), step.get("toHostUuid").asText());
        migrateByHand("delta", step.get("vmUuid").asText(), elsewhere);
        await("the collector sees the move", () -> elsewhere.equals(collectorHostOf("delta", step.get("vmUuid").asText())));

        ApiClient.Answer approve = api.post(OPERATOR, "/v1/plans/" + planId + "/approve", "{}",
                "\"" + plan.get("version").asLong() + "\"");
        assertThat(approve.status()).as(approve.raw()).isEqualTo(409);
        assertThat(approve.raw()).contains(step.get("vmUuid").asText()).contains("moved");
        assertThat(api.get(VIEWER, "/v1/plans/" + planId).body().get("state").asText()).isEqualTo("proposed");
        api.post(OPERATOR, "/v1/plans/" + planId + "/reject", "{\"reason\":\"stale\"}", null);
    }

    @Test
    @Order(3)
    void aStepWhoseVmMovedSinceApprovalStopsThePlanCleanly() throws Exception {
        String planId = proposeAndSolve("delta");
        // Another owner holds delta's lease, so the approved plan waits while the pool changes under it.
        sql("UPDATE pool_lease SET owner = 'intruder', expires_at = now() + interval '1 hour' WHERE pool_name = 'delta'");
        await("the daemon notices it lost delta", () -> !daemon.control().holdsLease("delta"));
        JsonNode plan = api.get(VIEWER, "/v1/plans/" + planId).body();
        assertThat(api.post(OPERATOR, "/v1/plans/" + planId + "/approve", "{}", "\"" + plan.get("version").asLong() + "\"")
                .status()).isEqualTo(200);
        List<String> before = new ArrayList<>();
        for (JsonNode s : plan.get("steps")) {
            before.add(s.get("vmUuid").asText() + "@" + residentHostUuid("delta", s.get("vmUuid").asText()));
        }
        JsonNode step = plan.get("steps").get(0);
        String elsewhere = otherHost("delta", step.get("fromHostUuid").asText(), step.get("toHostUuid").asText());
        migrateByHand("delta", step.get("vmUuid").asText(), elsewhere);
        assertThat(api.get(VIEWER, "/v1/plans/" + planId).body().get("state").asText())
                .as("nothing runs without the lease").isEqualTo("approved");

        sql("DELETE FROM pool_lease WHERE pool_name = 'delta'");
        JsonNode done = awaitPlan(planId, p -> terminal(p.get("state").asText()));
        assertThat(done.get("state").asText()).isEqualTo("failed");
        assertThat(done.get("stateReason").asText()).contains("no longer matches").contains(step.get("vmUuid").asText());
        assertThat(done.get("steps").get(0).get("status").asText()).isEqualTo("skipped");
        assertThat(residentHostUuid("delta", step.get("vmUuid").asText())).isEqualTo(elsewhere);
        assertThat(before).isNotEmpty();
        // The hand migration puts the VM in cooldown for the next plan, as PoolPilot's own would.
        Instant handMoveSeen = simulator.clock().instant().minus(Duration.ofMinutes(30));
        await("the hand migration in the placement history", () -> daemon.control().plans().history()
                .lastMigrations("delta", List.of(step.get("vmUuid").asText()), handMoveSeen)
                .containsKey(step.get("vmUuid").asText()));
    }

    @Test
    @Order(4)
    void advisoryPoolGetsAPlanProposedByItselfThatAnOperatorApproves() {
        awaitLiveData("epsilon");
        ApiClient.Answer put = api.put(ADMIN, "/v1/pools/epsilon/policy", "{\"mode\":\"advisory\",\"limits\":"
                + "{\"migrationsPerHour\":10,\"gibPerHour\":64},\"advisory\":{\"imbalanceThreshold\":0.3,\"sustainedSeconds\":60}}");
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        JsonNode proposed = awaitFirstPlan("epsilon", p -> p.get("steps").size() > 0);
        assertThat(proposed.get("createdBy").asText()).isEqualTo("policy-advisory");
        assertThat(proposed.get("state").asText()).as("advisory waits for an operator").isEqualTo("proposed");
        ApiClient.Answer approved = api.post(OPERATOR, "/v1/plans/" + proposed.get("id").asText() + "/approve", "{}",
                "\"" + proposed.get("version").asLong() + "\"");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        JsonNode done = awaitPlan(proposed.get("id").asText(), p -> terminal(p.get("state").asText()));
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(5)
    void automaticPoolBalancesItselfWithinItsLimits() {
        awaitLiveData("zeta");
        double before = storedCpuSpread("zeta", simulator.clock().instant().minusSeconds(60));
        ApiClient.Answer put = api.put(ADMIN, "/v1/pools/zeta/policy", "{\"mode\":\"automatic\",\"limits\":"
                + "{\"migrationsPerHour\":10,\"gibPerHour\":64},\"advisory\":{\"imbalanceThreshold\":0.3,\"sustainedSeconds\":60}}");
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        JsonNode plan = awaitFirstPlan("zeta", p -> terminal(p.get("state").asText()));
        assertThat(plan.get("createdBy").asText()).isEqualTo("policy-automatic");
        assertThat(plan.get("state").asText()).as(plan.toString()).isEqualTo("succeeded");
        assertThat(plan.get("steps").size()).isLessThanOrEqualTo(10);
        Instant finished = simulator.clock().instant();
        await("stored samples after the plan", () -> count("select count(*) from host_sample where ts > '"
                + finished.plusSeconds(40) + "'") >= 3);
        assertThat(storedCpuSpread("zeta", finished.plusSeconds(10))).isLessThan(before / 2);
        assertThat(api.get(ADMIN, "/v1/audit?limit=200").raw()).contains("policy-automatic");
    }

    @Test
    @Order(6)
    void aFailedMigrationTaskFailsTheStepAndThePlan() {
        awaitLiveData("theta");
        String planId = proposeAndSolve("theta");
        simulator.faults().migrationFailureRate(1.0);
        try {
            JsonNode plan = api.get(VIEWER, "/v1/plans/" + planId).body();
            assertThat(api.post(OPERATOR, "/v1/plans/" + planId + "/approve", "{}", "\"" + plan.get("version").asLong() + "\"")
                    .status()).isEqualTo(200);
            JsonNode done = awaitPlan(planId, p -> terminal(p.get("state").asText()));
            assertThat(done.get("state").asText()).isEqualTo("failed");
            List<String> statuses = new ArrayList<>();
            done.get("steps").forEach(s -> statuses.add(s.get("status").asText()));
            assertThat(statuses).contains("failed").doesNotContain("pending", "running", "done");
            JsonNode failed = null;
            for (JsonNode s : done.get("steps")) {
                if (s.get("status").asText().equals("failed")) {
                    failed = s;
                }
            }
            // A sentence that names the VM and both hosts; XAPI's raw code and params beside it for scripts.
            String vm = failed.get("vmName").asText() + " (" + failed.get("vmUuid").asText() + ")";
            String to = failed.get("toHostName").asText() + " (" + failed.get("toHostUuid").asText() + ")";
            assertThat(failed.get("outcome").asText()).startsWith("XAPI could not migrate vm " + vm).contains("to host " + to)
                    .doesNotContain("OpaqueRef");
            assertThat(done.get("stateReason").asText()).contains("XAPI could not migrate vm " + vm).doesNotContain("OpaqueRef");
            assertThat(failed.get("error").get("code").asText()).isEqualTo("VM_MIGRATE_FAILED");
            assertThat(failed.get("error").get("params").get(0).asText()).startsWith("OpaqueRef:");
            assertThat(count("select count(*) from plan_step where plan_id = '" + planId + "' and status = 'failed' "
                    + "and error_code = 'VM_MIGRATE_FAILED'")).isPositive();
        } finally {
            simulator.faults().migrationFailureRate(0);
        }
    }

    @Test
    @Order(7)
    void planProgressReachesSseClientsAndReadinessNeedsNoToken() throws Exception {
        assertThat(api.get(null, "/readyz").raw()).contains("pool gamma").contains("synced");
        assertThat(api.get(null, "/v1/events").status()).isEqualTo(401);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + daemon.apiPort() + "/v1/events"))
                .header("Authorization", "Bearer " + VIEWER).header("Last-Event-ID", "1").build();
        var response = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        try (var lines = response.body()) {
            // Everything since event 1 is replayed: the earlier tests' plans moved through their states.
            assertThat(lines.limit(2_000).anyMatch(line -> line.contains("plan.progress"))).isTrue();
        }
    }

    @Test
    @Order(8)
    void billingRoutesAreServedByTheDaemonForBillingTokensOnly() {
        ApiClient.Answer feed = api.get(ADMIN, "/v1/usage/feed?limit=10");
        assertThat(feed.status()).as(feed.raw()).isEqualTo(200);
        assertThat(feed.body().has("items")).isTrue();
        ApiClient.Answer usage = api.get(ADMIN, "/v1/usage?from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z&granularity=day");
        assertThat(usage.status()).as(usage.raw()).isEqualTo(200);
        assertThat(api.get(VIEWER, "/v1/usage/feed").status()).isEqualTo(403);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static boolean terminal(String state) {
        return List.of("succeeded", "failed", "cancelled", "rejected", "expired").contains(state);
    }

    private static String proposeAndSolve(String pool) {
        ApiClient.Answer proposed = api.post(OPERATOR, "/v1/pools/" + pool + "/plans", "{\"mode\":\"balance\"," + BUDGETS + "}", null);
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(202);
        String id = proposed.body().get("id").asText();
        JsonNode solved = awaitPlan(id, p -> p.get("steps").size() > 0 || !p.get("state").asText().equals("proposed"));
        assertThat(solved.get("state").asText()).as(solved.toString()).isEqualTo("proposed");
        return id;
    }

    private static JsonNode awaitPlan(String planId, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await("plan " + planId, () -> {
            last[0] = api.get(VIEWER, "/v1/plans/" + planId).body();
            return condition.test(last[0]);
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static JsonNode awaitFirstPlan(String pool, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await("a plan in " + pool, () -> {
            JsonNode items = api.get(VIEWER, "/v1/pools/" + pool + "/plans").body().get("items");
            last[0] = items.isEmpty() ? null : items.get(items.size() - 1);
            return last[0] != null && condition.test(last[0]);
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    private static void awaitLiveData(String pool) {
        await("live CPU for every VM of " + pool, () -> {
            var inventory = daemon.collectors().get(pool).inventory();
            if (inventory == null) {
                return false;
            }
            long guests = inventory.vms().values().stream().filter(Vm::isGuest).count();
            long withData = inventory.vms().values().stream().filter(Vm::isGuest)
                    .filter(v -> daemon.liveState().vmWindow(v.uuid()).size() >= 4).count();
            return guests == 6 && withData == 6;
        });
    }

    /** Max − min over hosts of the mean stored CPU fraction since {@code from}. */
    private static double storedCpuSpread(String pool, Instant from) {
        return number("select max(c) - min(c) from (select avg(s.cpu_fraction) c from host_sample s join host h using (host_id) "
                + "join pool p on p.pool_id = h.pool_id where p.name = '" + pool + "' and s.ts >= '" + from + "' group by h.host_id) x");
    }

    private static String collectorHostOf(String pool, String vmUuid) {
        var inventory = daemon.collectors().get(pool).inventory();
        return inventory.vmByUuid(vmUuid).flatMap(Vm::residentOn).map(ref -> inventory.hosts().get(ref).uuid()).orElse(null);
    }

    private static String otherHost(String pool, String a, String b) {
        return daemon.collectors().get(pool).inventory().hosts().values().stream().map(Host::uuid)
                .filter(u -> !u.equals(a) && !u.equals(b)).findFirst().orElseThrow();
    }

    private static XapiClient xapi(String pool) {
        PoolEndpoint endpoint = simulator.pool(pool);
        return new XapiClient(XapiSession.login(XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "test"));
    }

    private static String residentHostUuid(String pool, String vmUuid) {
        XapiClient client = xapi(pool);
        try {
            Vm vm = client.vms().values().stream().filter(v -> v.uuid().equals(vmUuid)).findFirst().orElseThrow();
            return client.hosts().get(vm.residentOn().orElseThrow()).uuid();
        } finally {
            client.session().close();
        }
    }

    private static void migrateByHand(String pool, String vmUuid, String hostUuid) {
        XapiClient client = xapi(pool);
        try {
            String vmRef = client.vms().values().stream().filter(v -> v.uuid().equals(vmUuid)).findFirst().orElseThrow().ref();
            String hostRef = client.hosts().values().stream().filter(h -> h.uuid().equals(hostUuid)).findFirst().orElseThrow().ref();
            String task = client.asyncPoolMigrate(vmRef, hostRef, Map.of("live", "true"));
            await("hand migration", () -> client.task(task).status() != TaskStatus.PENDING);
            assertThat(client.task(task).status()).isEqualTo(TaskStatus.SUCCESS);
        } finally {
            client.session().close();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + lastSeen.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = daemon.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String sql) {
        return (long) number(sql);
    }

    private static double number(String sql) {
        try (Connection c = daemon.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
