package io.poolpilot.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through of docs/plans.md, run for real: the shipped demo estate in the simulator (10x time),
 * the whole daemon, and the doc's own request (a balance plan for {@code east} with maxMigrations 6 and
 * maxGiB 64). The budget-limited plan must push no host over the CPU or memory threshold it was under;
 * its steps and reasons name hosts and VMs; approved, it runs to the end. What it saw is written to
 * docs/plans-demo-run.md on every run, so the doc's example is never made up and cannot drift.
 */
class DemoBalancePlanTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String ADMIN = "pp_admin-token-for-demo-plan-test-00000000000000000000000";
    /** The request of docs/plans.md, "Trying it in the demo", byte for byte. */
    static final String DOC_REQUEST = "{\"mode\":\"balance\",\"budgets\":{\"maxMigrations\":6,\"maxGiB\":64,\"timeLimitSeconds\":10}}";
    private static final double CPU_THRESHOLD = 0.8;
    /** Per-VM CPU demand is planned in millicores: a sum over 64 VMs may round by up to 32 millicores of 32 cores. */
    private static final double ROUNDING = 0.001;
    private static final Path GENERATED = Path.of("../docs/plans-demo-run.md");

    @Test
    void theDocsBudgetLimitedDemoPlanOverloadsNoHostNamesWhatItMovesAndRunsToTheEnd(@TempDir Path work) throws Exception {
        try (Simulator simulator = Simulator.start(ScenarioLoader.load(Path.of("../config/scenarios/demo.yaml")),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(90).withAdminPort(-1))) {
            DaemonConfig config = TestDaemon.config(simulator, work, control -> control,
                    new TestDaemon.Token("root", ADMIN, "admin"));
            try (DaemonRuntime daemon = DaemonRuntime.start(config, Map.of(), simulator.clock())) {
                ApiClient api = new ApiClient(daemon.apiPort());
                // As in the doc: a couple of minutes after start, every east VM with a live window.
                Await.until(Duration.ofSeconds(120), "two simulated minutes of live data for every east VM", () -> {
                    var inventory = daemon.collectors().get("east").inventory();
                    return inventory != null && simulator.clock().instant().isAfter(START.plus(Duration.ofMinutes(2)))
                            && inventory.vms().values().stream().filter(Vm::isGuest).filter(v -> v.powerState() == io.poolpilot.xapi.model.PowerState.RUNNING)
                            .allMatch(v -> daemon.liveState().vmWindow(v.uuid()).size() >= 12);
                });

                ApiClient.Answer proposed = api.post(ADMIN, "/v1/pools/east/plans", DOC_REQUEST, null);
                assertThat(proposed.status()).as(proposed.raw()).isEqualTo(202);
                String id = proposed.body().get("id").asText();
                JsonNode solved = awaitPlan(api, id, p -> !p.get("explanation").isEmpty()
                        || !p.get("state").asText().equals("proposed"));
                assertThat(solved.get("state").asText()).as(solved.toString()).isEqualTo("proposed");
                assertThat(solved.get("steps").size()).isBetween(1, 6);
                double gib = 0;
                for (JsonNode step : solved.get("steps")) {
                    gib += step.get("movedGiB").asDouble();
                }
                assertThat(gib).isLessThanOrEqualTo(64.0);

                assertNoHostPushedOverAThresholdItWasUnder(solved.get("forecast"));
                for (JsonNode step : solved.get("steps")) {
                    String from = step.get("fromHostName").asText() + " (" + step.get("fromHostUuid").asText() + ")";
                    assertThat(step.get("fromHostName").asText()).startsWith("east-");
                    assertThat(step.get("reason").asText()).as("reasons name hosts").contains(from);
                }
                assertThat(String.join("\n", text(solved.get("explanation")))).contains("pool east").contains("migrations in");

                ApiClient.Answer approved = api.post(ADMIN, "/v1/plans/" + id + "/approve", "{\"reason\":\"reviewed\"}",
                        "\"" + solved.get("version").asLong() + "\"");
                assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
                JsonNode done = awaitPlan(api, id, p -> List.of("succeeded", "failed", "cancelled").contains(p.get("state").asText()));
                assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
                assertThat(done.get("forecast").get("measured")).hasSameSizeAs(done.get("forecast").get("after"));
                for (JsonNode step : done.get("steps")) {
                    assertThat(step.get("status").asText()).isEqualTo("done");
                    assertThat(step.get("attempts").asInt()).isPositive();
                }
                write(solved, done);
            }
        }
    }

    /**
     * No host pushed over 80 % CPU or 100 % of usable memory, nor given more when it was over before: the
     * plan of the issue took east-03 from 85.3 % to 100.6 %.
     */
    static void assertNoHostPushedOverAThresholdItWasUnder(JsonNode forecast) {
        Map<String, JsonNode> after = new HashMap<>();
        forecast.get("after").forEach(h -> after.put(h.get("hostId").asText(), h));
        for (JsonNode before : forecast.get("before")) {
            JsonNode then = after.get(before.get("hostId").asText());
            String host = before.path("hostName").asText() + " (" + before.get("hostId").asText() + ")";
            double cpuBefore = before.get("cpuUtilisation").asDouble();
            assertThat(then.get("cpuUtilisation").asDouble()).as("CPU of %s after the plan (%.1f%% before)", host,
                    cpuBefore * 100).isLessThanOrEqualTo(Math.max(CPU_THRESHOLD, cpuBefore) + ROUNDING);
            assertThat(then.get("memoryUtilisation").asDouble()).as("memory of %s after the plan", host)
                    .isLessThanOrEqualTo(Math.max(1.0, before.get("memoryUtilisation").asDouble()));
        }
    }

    private static JsonNode awaitPlan(ApiClient api, String id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        Await.until(Duration.ofSeconds(120), "plan " + id, () -> {
            last[0] = api.get(ADMIN, "/v1/plans/" + id).body();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static List<String> text(JsonNode lines) {
        List<String> out = new java.util.ArrayList<>();
        lines.forEach(l -> out.add(l.asText()));
        return out;
    }

    /** docs/plans-demo-run.md: what the doc's commands gave on this run, so the doc quotes a real run. */
    private static void write(JsonNode solved, JsonNode done) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# A plan on the demo estate, as the last test run saw it\n\n")
                .append("Generated by `DemoBalancePlanTest` (daemon module) on every run: do not edit by hand. It runs the\n")
                .append("commands of [plans.md](plans.md#trying-it-in-the-demo) against the shipped demo estate\n")
                .append("(`config/scenarios/demo.yaml`, simulated time at 10x, planned two simulated minutes after start),\n")
                .append("so figures vary a little from run to run with the solver's time limit and the machine's load.\n\n")
                .append("Request: `POST /v1/pools/east/plans` with\n\n```json\n").append(DOC_REQUEST).append("\n```\n\n")
                .append("## What the planner proposed\n\n```\n");
        text(solved.get("explanation")).forEach(l -> md.append(l).append('\n'));
        md.append("```\n\n| wave | VM | from | to | GiB | reason |\n|---:|---|---|---|---:|---|\n");
        for (JsonNode s : solved.get("steps")) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %s |%n", s.get("wave").asInt(),
                    s.path("vmName").asText(), s.path("fromHostName").asText(), s.path("toHostName").asText(),
                    s.get("movedGiB").asDouble(), s.get("reason").asText().replace("|", "\\|")));
        }
        md.append("\n## Per host: predicted before and after, measured once it ran\n\n")
                .append("| host | CPU before | CPU after (predicted) | CPU measured | memory before | memory after | memory measured |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        JsonNode forecast = done.get("forecast");
        for (int i = 0; i < forecast.get("before").size(); i++) {
            JsonNode b = forecast.get("before").get(i);
            JsonNode a = forecast.get("after").get(i);
            JsonNode m = forecast.get("measured").get(i);
            md.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n",
                    b.path("hostName").asText(), pct(b, "cpuUtilisation"), pct(a, "cpuUtilisation"),
                    pct(m, "cpuUtilisation"), pct(b, "memoryUtilisation"), pct(a, "memoryUtilisation"),
                    pct(m, "memoryUtilisation")));
        }
        md.append("\n## How it ran\n\nApproved with `If-Match: \"").append(solved.get("version").asLong())
                .append("\"`; it ended `").append(done.get("state").asText()).append("` (")
                .append(done.path("stateReason").asText()).append(").\n\n")
                .append("| step | VM | status | attempts | took (simulated s) | outcome |\n|---:|---|---|---:|---:|---|\n");
        for (JsonNode s : done.get("steps")) {
            long took = Duration.between(Instant.parse(s.get("startedAt").asText()),
                    Instant.parse(s.get("finishedAt").asText())).toSeconds();
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d | %s |%n", s.get("index").asInt(),
                    s.path("vmName").asText(), s.get("status").asText(), s.get("attempts").asInt(), took,
                    s.path("outcome").asText()));
        }
        Files.writeString(GENERATED, md);
    }

    private static double pct(JsonNode load, String field) {
        return load.get(field).asDouble() * 100;
    }
}
