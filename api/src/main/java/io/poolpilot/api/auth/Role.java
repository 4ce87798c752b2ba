package io.poolpilot.api.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import io.poolpilot.api.model.Wire;

import java.util.Collection;

/**
 * What a token may do. {@code admin} implies every role; {@code operator} implies {@code viewer};
 * {@code billing} stands alone (usage data without operational control).
 */
public enum Role {
    VIEWER, OPERATOR, BILLING, ADMIN;

    /** Whether holding this role satisfies a route that requires {@code required}. */
    public boolean grants(Role required) {
        return switch (this) {
            case ADMIN -> true;
            case OPERATOR -> required == OPERATOR || required == VIEWER;
            case VIEWER -> required == VIEWER;
            case BILLING -> required == BILLING;
        };
    }

    public static boolean anyGrants(Collection<Role> held, Role required) {
        return held.stream().anyMatch(r -> r.grants(required));
    }

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
