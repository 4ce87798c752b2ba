package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to a command that starts an operation (202 + Location): shown at once, or followed to its end. */
final class Operations {

    private Operations() {
    }

    static int show(CtlCommand command, ControlApi.Reply accepted, boolean await) {
        JsonNode operation = accepted.body();
        if (await) {
            String location = accepted.location() != null ? java.net.URI.create(accepted.location()).getRawPath()
                    : "/v1/operations/" + ControlApi.encode(operation.path("id").asText());
            operation = command.waiting().operation(location);
        }
        command.output().one(operation);
        if (await) {
            Waiting.requireSucceeded(operation, "operation");
        }
        return Ctl.OK;
    }
}
