package io.poolpilot.api.http;

import java.net.URI;

/**
 * Every problem type the API answers with (RFC 9457), in one place. The {@code type} URIs are stable:
 * clients switch on them, never on {@code title} or {@code detail}. docs/api.md lists them.
 */
public enum ProblemType {
    VALIDATION("validation", "The request is not valid", 400),
    MALFORMED_JSON("malformed-json", "The request body is not a JSON object", 400),
    INVALID_CURSOR("invalid-cursor", "The pagination cursor is not valid for this list", 400),
    UNAUTHENTICATED("unauthenticated", "A valid bearer token is required", 401),
    FORBIDDEN("forbidden", "The token's roles do not allow this", 403),
    NOT_FOUND("not-found", "No such resource", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed on this resource", 405),
    NOT_ACCEPTABLE("not-acceptable", "None of the media types in Accept can be served", 406),
    ILLEGAL_TRANSITION("illegal-transition", "The plan cannot move to that state", 409),
    POOL_DRIFTED("pool-drifted", "The pool changed since the plan was made", 409),
    VM_BAD_POWER_STATE("vm-bad-power-state", "The VM's power state does not allow this action", 409),
    HOST_NOT_ENOUGH_MEMORY("host-not-enough-memory", "The host lacks free memory for the VM", 409),
    HOST_OFFLINE("host-offline", "The host is down", 409),
    HOST_DISABLED("host-disabled", "The host is disabled", 409),
    NO_HOST_AVAILABLE("no-host-available", "No host of the pool can run the VM", 409),
    STORAGE_UNREACHABLE("storage-unreachable", "The VM's storage is not reachable from the host", 409),
    OPERATION_IN_PROGRESS("operation-in-progress", "Another operation on the VM is in progress", 409),
    ACTION_REFUSED("action-refused", "The pool refuses this action", 409),
    VERSION_MISMATCH("version-mismatch", "The resource changed since you read it", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be application/json", 415),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "The Idempotency-Key was used for a different request", 422),
    PRECONDITION_REQUIRED("precondition-required", "This change needs an If-Match header", 428),
    LIMIT_REACHED("limit-reached", "A limit on concurrent use is reached; close something or retry later", 429),
    INTERNAL("internal", "Internal error", 500),
    UNAVAILABLE("unavailable", "A dependency is unavailable; retry later", 503);

    /** Prefix of every type URI; a URN because the types are identifiers, documented in docs/api.md. */
    public static final String URI_PREFIX = "urn:poolpilot:problem:";
    public static final String MEDIA_TYPE = "application/problem+json";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    /** The type whose slug (the end of its URI) is {@code slug}. */
    public static java.util.Optional<ProblemType> ofSlug(String slug) {
        return java.util.Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }

    /** The problem type of a refusal by the pool. */
    public static ProblemType of(io.poolpilot.api.model.Refusal refusal) {
        return switch (refusal) {
            case BAD_POWER_STATE -> VM_BAD_POWER_STATE;
            case NOT_ENOUGH_MEMORY -> HOST_NOT_ENOUGH_MEMORY;
            case HOST_OFFLINE -> HOST_OFFLINE;
            case HOST_DISABLED -> HOST_DISABLED;
            case NO_HOST_AVAILABLE -> NO_HOST_AVAILABLE;
            case STORAGE_UNREACHABLE -> STORAGE_UNREACHABLE;
            case OPERATION_IN_PROGRESS -> OPERATION_IN_PROGRESS;
            case REFUSED -> ACTION_REFUSED;
            case UNAVAILABLE -> UNAVAILABLE;
        };
    }

    public URI uri() {
        return URI.create(URI_PREFIX + slug);
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
