package io.poolpilot.api.http;

/** What the API's handlers leave on a request's {@code RoutingContext} for the ones after them. */
final class RequestKeys {
    /** The {@link Route} (the contract's operation) that matched. */
    static final String ROUTE = "poolpilot.route";
    /** The {@link io.poolpilot.api.auth.Principal} of an authenticated request. */
    static final String PRINCIPAL = "poolpilot.principal";
    /** Token name for the request log, also of a revoked token. */
    static final String ACTOR = "poolpilot.actor";
    /** The request body parsed as a JSON object ({@code ObjectNode}), or absent. */
    static final String BODY = "poolpilot.body";
    static final String REQUEST_ID = "poolpilot.requestId";
    static final String START_NANOS = "poolpilot.startNanos";

    private RequestKeys() {
    }
}
