package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code ctl plans create|list|show|approve|reject|cancel}. */
@Command(name = "plans", description = "Migration plans: request, review, approve, follow.", mixinStandardHelpOptions = true,
        subcommands = {PlansCommand.Create.class, PlansCommand.ListPlans.class, PlansCommand.ShowPlan.class,
                PlansCommand.Approve.class, PlansCommand.Reject.class, PlansCommand.Cancel.class})
final class PlansCommand {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "/id"), Column.of("POOL", "/poolId"),
            Column.of("STATE", "/state"), Column.of("MODE", "/mode"), Column.of("VERSION", "/version"),
            new Column("STEPS", p -> Integer.toString(p.path("steps").size())), Column.of("CREATED", "/createdAt"),
            Column.of("BY", "/createdBy"));
    static final List<Column> STEP_COLUMNS = List.of(new Column("STEP", s -> Integer.toString(s.path("index").asInt() + 1)),
            Column.of("VM", "/vmUuid"), Column.of("FROM", "/fromHostUuid"), Column.of("TO", "/toHostUuid"),
            Column.gib("MEMORY_GIB", "/memoryBytes"), Column.of("STATUS", "/status"), Column.of("REASON", "/reason"));
    static final List<Column> FORECAST_COLUMNS = List.of(Column.of("HOST", "/hostId"), Column.of("VMS", "/vmCount"),
            Column.percent("CPU", "/cpuUtilisation"), Column.percent("MEMORY", "/memoryUtilisation"));

    enum Mode { balance, consolidate, evacuate }

    /** A plan in full: its fields, then (tables only) the forecast, the steps and the explanation. */
    static void print(Output output, JsonNode plan) {
        output.one(plan);
        if (output.format() == Output.Format.json) {
            return;
        }
        JsonNode forecast = plan.path("forecast");
        if (forecast.isObject()) {
            output.line("");
            output.line("forecast before:");
            output.list(list(forecast.path("before")), FORECAST_COLUMNS);
            output.line("forecast after:");
            output.list(list(forecast.path("after")), FORECAST_COLUMNS);
        }
        if (plan.path("steps").size() > 0) {
            output.line("");
            output.list(list(plan.path("steps")), STEP_COLUMNS);
        }
        for (JsonNode line : plan.path("explanation")) {
            output.line(line.asText());
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Command(name = "create", description = "Ask the planner for a plan (it stays proposed until approved).")
    static final class Create extends CtlCommand {
        @Option(names = "--pool", required = true, paramLabel = "POOL", description = "The pool to plan for.")
        String pool;

        @Option(names = "--mode", required = true, description = "balance | consolidate | evacuate")
        Mode mode;

        @Option(names = "--host", paramLabel = "HOST", description = "evacuate: the host to empty.")
        String host;

        @Option(names = "--max-migrations", description = "Budget: at most this many migrations (server default 20).")
        Integer maxMigrations;

        @Option(names = "--max-gib", description = "Budget: at most this much memory moved, GiB (server default 256).")
        Double maxGiB;

        @Option(names = "--time-limit-seconds", description = "Budget: the planner's time (server default 30).")
        Integer timeLimitSeconds;

        @Option(names = "--reason", description = "Why (audited).")
        String reason;

        @Option(names = "--wait", description = "Wait until the planner has answered, then show the plan.")
        boolean await;

        @Override
        public Integer call() {
            ObjectNode budgets = ControlApi.object("maxMigrations", maxMigrations, "maxGiB", maxGiB,
                    "timeLimitSeconds", timeLimitSeconds);
            ObjectNode body = ControlApi.object("mode", mode.name(), "hostId", host, "reason", reason);
            if (!budgets.isEmpty()) {
                body.set("budgets", budgets);
            }
            JsonNode plan = api().post(path("/v1/pools/%s/plans", pool), body, Map.of()).body();
            if (await) {
                plan = waiting().planSolved(plan.path("id").asText());
            }
            print(output(), plan);
            return Ctl.OK;
        }
    }

    @Command(name = "list", description = "The plans of one pool, or of every pool.")
    static final class ListPlans extends CtlCommand {
        @Option(names = "--pool", paramLabel = "POOL", description = "Only this pool's plans.")
        String pool;

        @Override
        public Integer call() {
            List<JsonNode> plans = new ArrayList<>();
            for (String id : PoolsCommand.poolIds(api(), pool)) {
                plans.addAll(api().list(path("/v1/pools/%s/plans", id)));
            }
            output().list(plans, COLUMNS);
            return Ctl.OK;
        }
    }

    @Command(name = "show", description = "One plan: forecast, steps with their reasons, explanation.")
    static final class ShowPlan extends CtlCommand {
        @Parameters(paramLabel = "PLAN", description = "The plan's id.")
        String plan;

        @Override
        public Integer call() {
            print(output(), api().get(Waiting.planPath(plan)).body());
            return Ctl.OK;
        }
    }

    /** approve, reject and cancel: a POST with If-Match on the plan's version. */
    abstract static class Transition extends CtlCommand {
        @Parameters(paramLabel = "PLAN", description = "The plan's id.")
        String plan;

        @Option(names = "--version", paramLabel = "N",
                description = "The version you reviewed (plans show); refused with 412 if the plan changed since.")
        Long version;

        abstract String verb();

        abstract String reason();

        JsonNode transition(boolean versionRequired) {
            Long expected = version;
            if (expected == null && versionRequired) {
                expected = api().get(Waiting.planPath(plan)).body().path("version").asLong();
            }
            Map<String, String> headers = expected == null ? Map.of() : Map.of("If-Match", "\"" + expected + "\"");
            return api().post(Waiting.planPath(plan) + "/" + verb(), ControlApi.object("reason", reason()), headers).body();
        }
    }

    @Command(name = "approve", description = "Approve a proposed plan; the executor runs it.")
    static final class Approve extends Transition {
        @Option(names = "--reason", description = "Why (audited).")
        String reason;

        @Option(names = "--wait", description = "Follow the execution step by step; exit 1 unless it succeeded.")
        boolean await;

        @Override
        String verb() {
            return "approve";
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        public Integer call() {
            JsonNode plan = transition(true);
            if (await) {
                plan = waiting().planDone(plan.path("id").asText());
            }
            print(output(), plan);
            if (await) {
                Waiting.requireSucceeded(plan, "plan");
            }
            return Ctl.OK;
        }
    }

    @Command(name = "reject", description = "Reject a proposed plan.")
    static final class Reject extends Transition {
        @Option(names = "--reason", required = true, description = "Why (audited).")
        String reason;

        @Override
        String verb() {
            return "reject";
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        public Integer call() {
            print(output(), transition(false));
            return Ctl.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a plan that has not finished.")
    static final class Cancel extends Transition {
        @Option(names = "--reason", required = true, description = "Why (audited).")
        String reason;

        @Override
        String verb() {
            return "cancel";
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        public Integer call() {
            print(output(), transition(false));
            return Ctl.OK;
        }
    }
}
