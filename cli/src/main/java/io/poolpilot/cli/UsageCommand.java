package io.poolpilot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;

/** {@code ctl usage export}: metered usage as CSV or JSON on stdout (role billing). */
@Command(name = "usage", description = "Metered usage per account (role billing).", mixinStandardHelpOptions = true,
        subcommands = UsageCommand.Export.class)
final class UsageCommand {

    enum Format { csv, json }

    enum Granularity { hour, day, month }

    @Command(name = "export", description = "Usage rows for [--from, --to) as the server writes them (CSV: RFC 4180).")
    static final class Export extends CtlCommand {
        @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Start, inclusive (ISO-8601, e.g. 2026-11-01T00:00:00Z).")
        Instant from;

        @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End, exclusive.")
        Instant to;

        @Option(names = "--account", description = "Only this account.")
        String account;

        @Option(names = "--vm", paramLabel = "VM", description = "Rows for this VM.")
        String vm;

        @Option(names = "--granularity", description = "hour (default) | day | month (UTC)")
        Granularity granularity;

        @Option(names = "--format", required = true, description = "csv | json")
        Format format;

        @Override
        public Integer call() {
            String path = "/v1/usage" + ControlApi.query(ControlApi.params("from", from.toString(), "to", to.toString(),
                    "account", account, "vm", vm, "granularity", granularity == null ? null : granularity.name()));
            if (format == Format.csv) {
                output().raw(api().text(path, "text/csv"));
            } else {
                new Output(Output.Format.json, spec.commandLine().getOut()).json(api().get(path).body().path("items"));
            }
            return Ctl.OK;
        }
    }
}
