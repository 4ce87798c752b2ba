package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code ctl hosts list|show|maintenance enter|exit}. */
@Command(name = "hosts", description = "Hosts, and taking one in and out of maintenance.", mixinStandardHelpOptions = true,
        subcommands = {HostsCommand.ListHosts.class, HostsCommand.ShowHost.class, HostsCommand.Maintenance.class})
final class HostsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("UUID", "/uuid"), Column.of("POOL", "/poolId"),
            Column.of("NAME", "/name"), Column.of("ENABLED", "/enabled"), Column.of("CPUS", "/cpuCount"),
            Column.gib("MEMORY_GIB", "/memoryTotalBytes"), Column.percent("CPU", "/latest/cpuFraction"));

    @Command(name = "list", description = "The hosts of one pool, or of every pool.")
    static final class ListHosts extends CtlCommand {
        @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool's hosts.")
        String pool;

        @Override
        public Integer call() {
            List<JsonNode> hosts = new ArrayList<>();
            for (String id : PoolsCommand.poolIds(api(), pool)) {
                hosts.addAll(api().list(path("/v1/pools/%s/hosts", id)));
            }
            output().list(hosts, COLUMNS);
            return Ctl.OK;
        }
    }

    @Command(name = "show", description = "One host, with its latest sample.")
    static final class ShowHost extends CtlCommand {
        @Parameters(paramLabel = "HOST", description = "The host's uuid.")
        String host;

        @Override
        public Integer call() {
            output().one(api().get(path("/v1/hosts/%s", host)).body());
            return Ctl.OK;
        }
    }

    @Command(name = "maintenance", description = "Enter: disable the host and evacuate it through a plan; exit: enable it.",
            mixinStandardHelpOptions = true, subcommands = {Enter.class, Exit.class})
    static final class Maintenance {
    }

    abstract static class MaintenanceAction extends CtlCommand {
        @Parameters(paramLabel = "HOST", description = "The host's uuid.")
        String host;

        @Option(names = "--reason", required = true, description = "Why (audited).")
        String reason;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Retrying with the same key runs nothing twice.")
        String idempotencyKey;

        @Option(names = "--wait", description = "Wait until the operation ends (enter: until the host is empty).")
        boolean await;

        abstract String action();

        @Override
        public Integer call() {
            ControlApi.Reply reply = api().post(path("/v1/hosts/%s/maintenance", host),
                    ControlApi.object("action", action(), "reason", reason),
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
            return Operations.show(this, reply, await);
        }
    }

    @Command(name = "enter", description = "Disable the host, then move its VMs away under the pool's limits.")
    static final class Enter extends MaintenanceAction {
        @Override
        String action() {
            return "enter";
        }
    }

    @Command(name = "exit", description = "Enable the host again.")
    static final class Exit extends MaintenanceAction {
        @Override
        String action() {
            return "exit";
        }
    }
}
