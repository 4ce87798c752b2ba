package io.poolpilot.api.auth;

/** Result of checking a request's Authorization header, or the token behind its browser session. */
public sealed interface AuthOutcome {
    /** No Authorization header, or not a Bearer one. */
    record Missing() implements AuthOutcome {
    }

    /** A bearer token that matches no stored digest. */
    record Unknown() implements AuthOutcome {
    }

    /** A bearer token whose stored entry is revoked. */
    record Revoked(String name) implements AuthOutcome {
    }

    /** A session cookie whose session has expired, was logged out, or never existed. */
    record SessionExpired() implements AuthOutcome {
    }

    record Authenticated(Principal principal) implements AuthOutcome {
    }
}
