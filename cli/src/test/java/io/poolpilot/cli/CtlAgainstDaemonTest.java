package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ctl command against a running daemon: the real simulator over sockets, the whole daemon with its embedded
 * PostgreSQL, the control API over HTTP, started once for the class. Each test uses its own pool or VM so they need
 * no order. Simulated time runs 10x.
 */
class CtlAgainstDaemonTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_ctl-operator-token-for-tests-000000000000000000000000";
    private static final String VIEWER = "pp_ctl-viewer-token-for-tests-0000000000000000000000000";
    private static final String ADMIN = "pp_ctl-admin-token-for-tests-00000000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;

    /** One run of ctl: its exit code and what it printed. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + " / " + err, e);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/ctl.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(150).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, control -> control.withPlannerMoveLimit(20_000),
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("root", ADMIN, "admin"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        Await.until(Duration.ofSeconds(60), "both pools' VMs in the API", () ->
                ctl(VIEWER, "vms", "list", "-o", "json").json().size() == 9);
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
    void poolsListAndShowPrintTablesAndJsonThatParsesBack() {
        Run table = ctl(VIEWER, "pools", "list");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("HOSTS", "VMS", "POLICY");
        assertThat(table.out()).contains("kappa", "lambda");

        JsonNode pools = ctl(VIEWER, "pools", "list", "--output", "json").json();
        assertThat(pools.isArray()).isTrue();
        assertThat(pools.findValuesAsText("id")).containsExactlyInAnyOrder("kappa", "lambda");
        JsonNode kappa = ctl(VIEWER, "pools", "show", "kappa", "-o", "json").json();
        assertThat(kappa.get("hostCount").asInt()).isEqualTo(3);
        assertThat(kappa.get("vmCount").asInt()).isEqualTo(6);
        assertThat(ctl(VIEWER, "pools", "show", "kappa").out()).contains("hostCount", "3");
    }

    @Test
    void hostsAndVmsListPerPoolOrEveryPoolAndShowOne() {
        JsonNode hosts = ctl(VIEWER, "hosts", "list", "-o", "json").json();
        assertThat(hosts).hasSize(5);
        JsonNode lambdaHosts = ctl(VIEWER, "hosts", "list", "--pool", "lambda", "-o", "json").json();
        assertThat(lambdaHosts.findValuesAsText("name")).containsExactlyInAnyOrder("l-01", "l-02");
        String l1 = hostUuid("l-01");
        JsonNode host = ctl(VIEWER, "hosts", "show", l1, "-o", "json").json();
        assertThat(host.get("name").asText()).isEqualTo("l-01");
        assertThat(host.get("enabled").asBoolean()).isTrue();
        assertThat(ctl(VIEWER, "hosts", "list", "--pool", "lambda").out()).contains("l-01", "l-02", "MEMORY_GIB");

        JsonNode vms = ctl(VIEWER, "vms", "list", "--pool", "lambda", "-o", "json").json();
        // The VMs' own names, not their disks' (each VM lists its disks, which have names too).
        java.util.List<String> vmNames = new java.util.ArrayList<>();
        (vms.isArray() ? vms : vms.path("items")).forEach(vm -> vmNames.add(vm.path("name").asText()));
        assertThat(vmNames).containsExactlyInAnyOrder("web", "off", "tenant");
        JsonNode off = ctl(VIEWER, "vms", "show", vmUuid("off"), "-o", "json").json();
        assertThat(off.get("powerState").asText()).isEqualTo("halted");
        assertThat(ctl(VIEWER, "vms", "show", vmUuid("off")).out()).contains("powerState", "halted");
    }

    @Test
    void vmsActionStartsAndStopsAVmAndWaitsForTheOperation() {
        String off = vmUuid("off");
        Run started = ctl(OPERATOR, "vms", "action", off, "start", "--reason", "customer asked", "--wait", "-o", "json");
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.json().get("state").asText()).isEqualTo("succeeded");
        assertThat(started.json().get("action").asText()).isEqualTo("start");
        assertThat(started.err()).contains("succeeded");
        assertThat(ctl(VIEWER, "vms", "show", off, "-o", "json").json().get("powerState").asText()).isEqualTo("running");

        // Without --wait: the queued operation at once, polled here through the API the CLI speaks.
        Run queued = ctl(OPERATOR, "vms", "action", off, "hard-shutdown", "--reason", "done", "-o", "json");
        assertThat(queued.exit()).as(queued.err()).isZero();
        String id = queued.json().get("id").asText();
        Await.until(Duration.ofSeconds(60), "the hard shutdown ends", () -> "halted".equals(
                ctl(VIEWER, "vms", "show", off, "-o", "json").json().get("powerState").asText()));
        assertThat(id).isNotBlank();
    }

    @Test
    void aRefusedActionExitsOneWithTheProblemsTitleAndDetail() {
        Run twice = ctl(OPERATOR, "vms", "action", vmUuid("web"), "start", "--reason", "twice");
        assertThat(twice.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(twice.err()).contains("409").contains("urn:poolpilot:problem:vm-bad-power-state");
        assertThat(twice.out()).isEmpty();

        Run viewer = ctl(VIEWER, "vms", "action", vmUuid("web"), "reboot", "--reason", "x");
        assertThat(viewer.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(viewer.err()).contains("403");
        Run unknown = ctl(VIEWER, "vms", "show", "00000000-0000-4000-8000-000000000000");
        assertThat(unknown.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(unknown.err()).contains("404");
    }

    @Test
    void aPlanIsCreatedShownApprovedAndFollowedStepByStepButAViewerCannotApproveIt() {
        Await.until(Duration.ofSeconds(60), "live CPU for kappa's VMs", () ->
                ctl(VIEWER, "vms", "list", "--pool", "kappa", "-o", "json").json().findValues("latest").stream()
                        .filter(l -> l.has("cpuFraction")).count() == 6);
        Run created = ctl(OPERATOR, "plans", "create", "--pool", "kappa", "--mode", "balance", "--max-migrations", "10",
                "--max-gib", "64", "--time-limit-seconds", "10", "--reason", "k-01 is saturated", "--wait", "-o", "json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode plan = created.json();
        String id = plan.get("id").asText();
        assertThat(plan.get("state").asText()).isEqualTo("proposed");
        assertThat(plan.get("steps")).isNotEmpty();

        Run shown = ctl(VIEWER, "plans", "show", id);
        assertThat(shown.out()).contains("forecast before:", "STEP", "REASON", id);
        assertThat(ctl(VIEWER, "plans", "list", "--pool", "kappa", "-o", "json").json().findValuesAsText("id")).contains(id);

        Run viewer = ctl(VIEWER, "plans", "approve", id, "--reason", "not mine to approve");
        assertThat(viewer.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(viewer.err()).contains("403");
        Run stale = ctl(OPERATOR, "plans", "approve", id, "--version", "999", "--reason", "stale");
        assertThat(stale.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(stale.err()).contains("412");

        Run approved = ctl(OPERATOR, "plans", "approve", id, "--version", plan.get("version").asText(),
                "--reason", "reviewed", "--wait", "-o", "json");
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.json().get("state").asText()).isEqualTo("succeeded");
        assertThat(approved.err()).contains("plan " + id + ": executing", "step 1/", ": done");
        for (JsonNode step : approved.json().get("steps")) {
            assertThat(step.get("status").asText()).isEqualTo("done");
        }
    }

    @Test
    void aProposedPlanCanBeRejectedAndAnEndedOneNotCancelled() {
        Run created = ctl(OPERATOR, "plans", "create", "--pool", "kappa", "--mode", "consolidate", "--reason", "try", "-o", "json");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.json().get("id").asText();
        Run rejected = ctl(OPERATOR, "plans", "reject", id, "--reason", "not now", "-o", "json");
        assertThat(rejected.exit()).as(rejected.err()).isZero();
        assertThat(rejected.json().get("state").asText()).isEqualTo("rejected");
        Run cancel = ctl(OPERATOR, "plans", "cancel", id, "--reason", "too late");
        assertThat(cancel.exit()).isEqualTo(Ctl.REFUSED);
        assertThat(cancel.err()).contains("409");
    }

    @Test
    void maintenanceEntersAndExitsAHostAndWaitsForTheEvacuation() {
        String l2 = hostUuid("l-02");
        Run entered = ctl(OPERATOR, "hosts", "maintenance", "enter", l2, "--reason", "firmware", "--wait", "-o", "json");
        assertThat(entered.exit()).as(entered.err()).isZero();
        assertThat(entered.json().get("state").asText()).isEqualTo("succeeded");
        assertThat(ctl(VIEWER, "hosts", "show", l2, "-o", "json").json().get("enabled").asBoolean()).isFalse();
        Run exited = ctl(OPERATOR, "hosts", "maintenance", "exit", l2, "--reason", "firmware done", "--wait", "-o", "json");
        assertThat(exited.exit()).as(exited.err()).isZero();
        Await.until(Duration.ofSeconds(30), "l-02 enabled in the API", () ->
                ctl(VIEWER, "hosts", "show", l2, "-o", "json").json().get("enabled").asBoolean());
    }

    @Test
    void policyIsReadAndChangedKeepingWhatWasNotGiven() {
        JsonNode before = ctl(VIEWER, "policy", "get", "lambda", "-o", "json").json();
        Run set = ctl(ADMIN, "policy", "set", "lambda", "--mode", "manual", "--migrations-per-hour", "7",
                "--reason", "pilot week", "-o", "json");
        assertThat(set.exit()).as(set.err()).isZero();
        JsonNode after = ctl(VIEWER, "policy", "get", "lambda", "-o", "json").json();
        assertThat(after.get("mode").asText()).isEqualTo("manual");
        assertThat(after.at("/limits/migrationsPerHour").asInt()).isEqualTo(7);
        assertThat(after.at("/limits/gibPerHour")).isEqualTo(before.at("/limits/gibPerHour"));
        assertThat(after.get("version").asLong()).isGreaterThan(before.get("version").asLong());
        assertThat(ctl(OPERATOR, "policy", "set", "lambda", "--mode", "advisory").exit()).isEqualTo(Ctl.REFUSED);
    }

    @Test
    void alertsListIsAJsonArrayAndATable() {
        Run json = ctl(VIEWER, "alerts", "list", "--state", "open", "-o", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.json().isArray()).isTrue();
        assertThat(ctl(VIEWER, "alerts", "list", "--pool", "kappa").out()).startsWith("ID");
    }

    @Test
    void usageExportsCsvOrJsonAndAccountsAreSuspendedAndResumed() {
        Run csv = ctl(ADMIN, "usage", "export", "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z",
                "--format", "csv");
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow()).contains("account");
        Run json = ctl(ADMIN, "usage", "export", "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z",
                "--account", "acme", "--granularity", "day", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.json().isArray()).isTrue();
        assertThat(ctl(VIEWER, "usage", "export", "--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z",
                "--format", "csv").exit()).isEqualTo(Ctl.REFUSED);

        String tenant = vmUuid("tenant");
        Run suspended = ctl(ADMIN, "accounts", "suspend", "acme", "--mode", "suspend", "--reason", "invoice unpaid",
                "--wait", "-o", "json");
        assertThat(suspended.exit()).as(suspended.err()).isZero();
        assertThat(suspended.json().get("state").asText()).isEqualTo("succeeded");
        Await.until(Duration.ofSeconds(30), "tenant suspended", () ->
                "suspended".equals(ctl(VIEWER, "vms", "show", tenant, "-o", "json").json().get("powerState").asText()));
        Run resumed = ctl(ADMIN, "accounts", "resume", "acme", "--reason", "paid", "--wait", "-o", "json");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        Await.until(Duration.ofSeconds(30), "tenant running", () ->
                "running".equals(ctl(VIEWER, "vms", "show", tenant, "-o", "json").json().get("powerState").asText()));
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run run = run(List.of("--url", "http://127.0.0.1:" + closed, "--token", VIEWER, "pools", "list"));
        assertThat(run.exit()).isEqualTo(Ctl.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + closed);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(ctl(VIEWER, "vms", "frobnicate").exit()).isEqualTo(Ctl.USAGE);
        assertThat(ctl(OPERATOR, "vms", "action", vmUuid("web"), "teleport", "--reason", "x").exit()).isEqualTo(Ctl.USAGE);
        assertThat(ctl(OPERATOR, "vms", "action", vmUuid("web"), "migrate", "--reason", "x").exit()).isEqualTo(Ctl.USAGE);
        assertThat(ctl(OPERATOR, "plans", "reject", "some-plan").exit()).as("--reason is required").isEqualTo(Ctl.USAGE);
        Run noToken = run(List.of("--url", "http://127.0.0.1:1", "pools", "list"));
        assertThat(noToken.exit()).isEqualTo(Ctl.USAGE);
        assertThat(noToken.err()).contains("POOLPILOT_TOKEN");
    }

    @Test
    void theEnvironmentGivesTheUrlAndTokenAndCompletionPrintsABashScript() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Ctl.commandLine(new Ctl(Map.of(Connection.URL_VARIABLE, url(), Connection.TOKEN_VARIABLE, VIEWER),
                work.resolve("absent.properties")));
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertThat(cli.execute("pools", "list")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("kappa");

        Run completion = run(List.of("completion"));
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).contains("complete -F", "maintenance", "approve");
    }

    // ---- helpers ---------------------------------------------------------------------------

    static Run ctl(String token, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url(), "--token", token, "--poll-interval", "PT0.2S"));
        all.addAll(List.of(args));
        return run(all);
    }

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Ctl.commandLine(new Ctl(Map.of(), work.resolve("absent.properties")));
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static String url() {
        return "http://127.0.0.1:" + daemon.apiPort();
    }

    private static String vmUuid(String name) {
        return uuidOf(ctl(VIEWER, "vms", "list", "-o", "json").json(), name);
    }

    private static String hostUuid(String name) {
        return uuidOf(ctl(VIEWER, "hosts", "list", "-o", "json").json(), name);
    }

    private static String uuidOf(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.get("name").asText().equals(name)) {
                return item.get("uuid").asText();
            }
        }
        throw new AssertionError("no " + name + " in " + items);
    }
}
