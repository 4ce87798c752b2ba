package io.poolpilot.api.http;

/** Sees every response the router sends (route null when nothing matched); used for request metrics and contract tests. */
@FunctionalInterface
public interface ResponseObserver {
    ResponseObserver NONE = (route, method, status, contentType) -> {
    };

    void observed(Route route, String method, int status, String contentType);
}
