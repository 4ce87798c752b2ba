package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered with an error (its problem+json), or an operation it ran ended failed: exit code 1. */
public final class Refused extends RuntimeException {
    private final transient JsonNode problem;

    public Refused(String message, JsonNode problem) {
        super(message);
        this.problem = problem;
    }

    /** The problem document from the server, or null when it sent none. */
    public JsonNode problem() {
        return problem;
    }

    /** What a person reads: status and title, then the detail and each bad field. */
    static Refused of(int status, JsonNode problem) {
        if (problem == null || !problem.isObject()) {
            return new Refused("the server answered " + status, null);
        }
        StringBuilder text = new StringBuilder();
        text.append(problem.path("status").asInt(status)).append(' ').append(problem.path("title").asText("error"));
        if (problem.hasNonNull("detail")) {
            text.append(": ").append(problem.get("detail").asText());
        }
        for (JsonNode e : problem.path("errors")) {
            text.append(System.lineSeparator()).append("  ").append(e.path("in").asText()).append(' ')
                    .append(e.path("field").asText()).append(": ").append(e.path("detail").asText());
        }
        if (problem.hasNonNull("type")) {
            text.append(System.lineSeparator()).append("  (").append(problem.get("type").asText()).append(')');
        }
        return new Refused(text.toString(), problem);
    }
}
