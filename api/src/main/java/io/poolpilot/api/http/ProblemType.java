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
    VERSION_MISMATCH("version-mismatch", "The resource changed since you read it", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be application/json", 415),
    PRECONDITION_REQUIRED("precondition-required", "This change needs an If-Match header", 428),
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
