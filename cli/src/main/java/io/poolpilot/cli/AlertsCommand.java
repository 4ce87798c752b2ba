package io.poolpilot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code ctl alerts list}. */
@Command(name = "alerts", description = "Alerts raised by the detector.", mixinStandardHelpOptions = true,
        subcommands = AlertsCommand.ListAlerts.class)
final class AlertsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "/id"), Column.of("POOL", "/poolId"),
            Column.of("SEVERITY", "/severity"), Column.of("KIND", "/kind"), Column.of("SUBJECT", "/subject"),
            Column.of("RAISED", "/raisedAt"), Column.of("CLEARED", "/clearedAt"), Column.of("MESSAGE", "/message"));

    enum State { open, cleared }

    @Command(name = "list", description = "Open and cleared alerts, newest first.")
    static final class ListAlerts extends CtlCommand {
        @Option(names = "--state", description = "open | cleared (default: both)")
        State state;

        @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool's alerts.")
        String pool;

        @Option(names = "--kind", description = "host-down, vm-stranded, storage-lost, host-overloaded")
        String kind;

        @Override
        public Integer call() {
            String query = ControlApi.query(ControlApi.params("state", state == null ? null : state.name(),
                    "pool", pool, "kind", kind));
            output().list(api().list("/v1/alerts" + query), COLUMNS);
            return Ctl.OK;
        }
    }
}
