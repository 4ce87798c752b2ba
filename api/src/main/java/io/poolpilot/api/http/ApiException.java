package io.poolpilot.api.http;

import java.util.Map;

/** Fails a request with a problem document (and optional response headers such as ETag or Allow). */
public final class ApiException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ApiException(Problem problem) {
        this(problem, Map.of());
    }

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException of(ProblemType type, String detail) {
        return new ApiException(Problem.of(type, detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
