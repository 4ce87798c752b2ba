package io.poolpilot.api.port;

import io.poolpilot.api.auth.ApiToken;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where API tokens come from (a file, the environment, the database): their names, SHA-256 digests
 * and roles, never the tokens themselves. Called per request, so implementations keep the list in memory
 * and reload it on their own schedule.
 */
public interface TokenStore {
    Future<List<ApiToken>> tokens();

    static TokenStore of(List<ApiToken> tokens) {
        List<ApiToken> copy = List.copyOf(tokens);
        return () -> Future.succeededFuture(copy);
    }
}
