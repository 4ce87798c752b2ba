package io.poolpilot.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The raw error XAPI gave for a failed step, for scripts: its code and parameters exactly as XAPI sent
 * them (refs included). The step's {@code outcome} says the same in a sentence.
 */
public record StepError(String code, List<String> params) {
    public StepError {
        Objects.requireNonNull(code, "error code");
        params = params == null ? List.of() : List.copyOf(params);
    }
}
