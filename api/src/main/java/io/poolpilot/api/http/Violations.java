package io.poolpilot.api.http;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid input of a request so one 400 names them all, not just the first. */
public final class Violations {
    private final List<FieldError> errors = new ArrayList<>();

    public void add(String in, String field, String detail) {
        errors.add(new FieldError(in, field, detail));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws a validation problem if anything was collected. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw failure(errors);
        }
    }

    public static ApiException failure(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).detail()
                : errors.size() + " invalid fields: " + String.join(", ", errors.stream().map(FieldError::field).toList());
        return new ApiException(Problem.of(ProblemType.VALIDATION, detail).withErrors(errors));
    }

    public static ApiException single(String in, String field, String detail) {
        return failure(List.of(new FieldError(in, field, detail)));
    }
}
