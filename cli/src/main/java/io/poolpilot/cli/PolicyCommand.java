package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code ctl policy get|set}: a pool's policy (set: role admin). */
@Command(name = "policy", description = "A pool's balancing policy.", mixinStandardHelpOptions = true,
        subcommands = {PolicyCommand.Get.class, PolicyCommand.Set.class})
final class PolicyCommand {

    enum Mode { manual, advisory, automatic }

    @Command(name = "get", description = "The pool's policy.")
    static final class Get extends CtlCommand {
        @Parameters(paramLabel = "POOL", description = "The pool's id.")
        String pool;

        @Override
        public Integer call() {
            output().one(api().get(path("/v1/pools/%s/policy", pool)).body());
            return Ctl.OK;
        }
    }

    @Command(name = "set", description = {"Change the pool's policy: what is not given stays as it is.",
            "Read, changed and written back with If-Match, so a concurrent change is refused (412), not lost."})
    static final class Set extends CtlCommand {
        @Parameters(paramLabel = "POOL", description = "The pool's id.")
        String pool;

        @Option(names = "--mode", description = "manual | advisory | automatic")
        Mode mode;

        @Option(names = "--migrations-per-hour", paramLabel = "N")
        Integer migrationsPerHour;

        @Option(names = "--gib-per-hour", paramLabel = "GIB")
        Double gibPerHour;

        @Option(names = "--quiet-hours", paramLabel = "HH:mm-HH:mm", description = "Pool-local; may wrap midnight; '' removes them.")
        String quietHours;

        @Option(names = "--imbalance-threshold", paramLabel = "FRACTION", description = "advisory: CPU imbalance that proposes a plan.")
        Double imbalanceThreshold;

        @Option(names = "--sustained-seconds", paramLabel = "S", description = "advisory: for how long.")
        Integer sustainedSeconds;

        @Option(names = "--reason", description = "Why (audited).")
        String reason;

        @Override
        public Integer call() {
            String path = path("/v1/pools/%s/policy", pool);
            ControlApi.Reply current = api().get(path);
            JsonNode now = current.body();
            ObjectNode limits = now.path("limits").isObject() ? ((ObjectNode) now.get("limits")).deepCopy()
                    : ControlApi.JSON.createObjectNode();
            limits.setAll(ControlApi.object("migrationsPerHour", migrationsPerHour, "gibPerHour", gibPerHour));
            if (quietHours != null) {
                if (quietHours.isBlank()) {
                    limits.remove("quietHours");
                } else {
                    limits.put("quietHours", quietHours);
                }
            }
            ObjectNode body = ControlApi.object("mode", mode != null ? mode.name() : now.path("mode").asText(), "reason", reason);
            body.set("limits", limits);
            ObjectNode advisory = now.path("advisory").isObject() ? ((ObjectNode) now.get("advisory")).deepCopy()
                    : ControlApi.JSON.createObjectNode();
            advisory.setAll(ControlApi.object("imbalanceThreshold", imbalanceThreshold, "sustainedSeconds", sustainedSeconds));
            if (!advisory.isEmpty()) {
                body.set("advisory", advisory);
            }
            String version = current.etag() != null ? current.etag() : "\"" + now.path("version").asText() + "\"";
            output().one(api().put(path, body, Map.of("If-Match", version)).body());
            return Ctl.OK;
        }
    }
}
