package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code --wait}: polls an operation or a plan until it ends, printing each change as one line on stderr. */
final class Waiting {

    static final Set<String> PLAN_ENDS = Set.of("succeeded", "failed", "cancelled", "rejected", "expired");
    static final Set<String> OPERATION_ENDS = Set.of("succeeded", "failed");

    private final ControlApi api;
    private final Duration interval;
    private final PrintWriter progress;

    Waiting(ControlApi api, Duration interval, PrintWriter progress) {
        this.api = api;
        this.interval = interval;
        this.progress = progress;
    }

    /** Polls an operation (VM action, maintenance, account) until it succeeded or failed. */
    JsonNode operation(String location) {
        String[] last = {null};
        JsonNode done = poll(location, op -> {
            String state = op.path("state").asText();
            if (!state.equals(last[0])) {
                progress.println("operation " + op.path("id").asText() + ": " + state);
                progress.flush();
                last[0] = state;
            }
            return OPERATION_ENDS.contains(state);
        });
        return done;
    }

    /** Polls a plan until the planner has answered (steps, or a state other than proposed). */
    JsonNode planSolved(String planId) {
        return poll(planPath(planId), plan -> plan.path("steps").size() > 0 || !plan.path("state").asText().equals("proposed"));
    }

    /** Polls a plan until it ends, printing its state and every step's status as they change. */
    JsonNode planDone(String planId) {
        Map<Integer, String> steps = new HashMap<>();
        String[] state = {null};
        JsonNode done = poll(planPath(planId), plan -> {
            String now = plan.path("state").asText();
            if (!now.equals(state[0])) {
                progress.println("plan " + planId + ": " + now);
                state[0] = now;
            }
            int total = plan.path("steps").size();
            for (JsonNode step : plan.path("steps")) {
                int index = step.path("index").asInt();
                String status = step.path("status").asText();
                if (!status.equals(steps.put(index, status)) && !status.equals("pending")) {
                    progress.println("  step " + (index + 1) + "/" + total + " vm " + step.path("vmUuid").asText()
                            + " " + step.path("fromHostUuid").asText() + " -> " + step.path("toHostUuid").asText()
                            + ": " + status);
                }
            }
            progress.flush();
            return PLAN_ENDS.contains(now);
        });
        return done;
    }

    private JsonNode poll(String path, Predicate<JsonNode> ended) {
        while (true) {
            JsonNode now = api.get(path).body();
            if (ended.test(now)) {
                return now;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted while waiting for " + path, e);
            }
        }
    }

    /** After the result is printed: an operation or plan that did not succeed makes the exit code 1. */
    static void requireSucceeded(JsonNode done, String what) {
        String state = done.path("state").asText();
        if (!state.equals("succeeded")) {
            JsonNode problem = done.get("problem");
            String why = problem != null && problem.isObject() ? ": " + Refused.of(problem.path("status").asInt(), problem).getMessage()
                    : done.hasNonNull("stateReason") ? ": " + done.get("stateReason").asText() : "";
            throw new Refused(what + " " + done.path("id").asText() + " ended " + state + why, problem);
        }
    }

    static String planPath(String planId) {
        return "/v1/plans/" + ControlApi.encode(planId);
    }
}
