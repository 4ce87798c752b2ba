package io.poolpilot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code ctl pools list|show}. */
@Command(name = "pools", description = "The pools the daemon follows.", mixinStandardHelpOptions = true,
        subcommands = {PoolsCommand.ListPools.class, PoolsCommand.ShowPool.class})
final class PoolsCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "/id"), Column.of("NAME", "/name"),
            Column.of("HOSTS", "/hostCount"), Column.of("VMS", "/vmCount"), Column.of("POLICY", "/policyMode"),
            Column.of("MASTER", "/masterAddress"));

    @Command(name = "list", description = "Every pool.")
    static final class ListPools extends CtlCommand {
        @Override
        public Integer call() {
            output().list(api().list("/v1/pools"), COLUMNS);
            return Ctl.OK;
        }
    }

    @Command(name = "show", description = "One pool.")
    static final class ShowPool extends CtlCommand {
        @Parameters(paramLabel = "POOL", description = "The pool's id (its configured name).")
        String pool;

        @Override
        public Integer call() {
            output().one(api().get(path("/v1/pools/%s", pool)).body());
            return Ctl.OK;
        }
    }

    /** The ids of every pool, or just the one asked for. */
    static List<String> poolIds(ControlApi api, String pool) {
        return pool != null ? List.of(pool) : api.list("/v1/pools").stream().map(p -> p.path("id").asText()).toList();
    }
}
