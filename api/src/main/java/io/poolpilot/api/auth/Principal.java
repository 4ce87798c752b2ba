package io.poolpilot.api.auth;

import java.util.Set;

/** The authenticated caller of a request: the token's name and roles. */
public record Principal(String name, Set<Role> roles) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean mayAct(Role required) {
        return Role.anyGrants(roles, required);
    }
}
