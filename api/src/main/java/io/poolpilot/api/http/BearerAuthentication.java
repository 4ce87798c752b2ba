package io.poolpilot.api.http;

import io.poolpilot.api.auth.AuthOutcome;
import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.auth.Principal;
import io.poolpilot.api.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bearer tokens (or, without an Authorization header, the token behind a {@link BrowserSessions browser
 * session}) as a Vert.x Web authentication handler: the token becomes a {@link User} carrying, as
 * role authorizations, every role its own roles grant (admin grants all), for the routes'
 * {@code AuthorizationHandler}s to check.
 */
final class BearerAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
    static final String REALM = "Bearer realm=\"poolpilot\"";
    /** Authorization provider id under which a user's roles are stored. */
    static final String ROLES = "poolpilot-roles";

    /** The role authorizations each set of roles grants, made once per set (there are few). */
    private static final Map<Set<Role>, Set<Authorization>> GRANTED = new ConcurrentHashMap<>();

    private BearerAuthentication() {
    }

    private static Set<Authorization> granted(Set<Role> roles) {
        return Arrays.stream(Role.values()).filter(role -> Role.anyGrants(roles, role))
                .map(role -> (Authorization) RoleBasedAuthorization.create(role.wire())).collect(Collectors.toUnmodifiableSet());
    }

    static AuthenticationHandler handler(BearerAuthenticator authenticator) {
        return SimpleAuthenticationHandler.create().authenticate(ctx -> {
            // A session that was still valid has put its User on the request already; this one ended.
            Future<AuthOutcome> outcome = BrowserSessions.cookieSent(ctx) ? Future.succeededFuture(new AuthOutcome.SessionExpired())
                    : authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
            return ContextHop.back(ctx.vertx().getOrCreateContext(), outcome).compose(o -> user(ctx, o));
        });
    }

    private static Future<User> user(RoutingContext ctx, AuthOutcome outcome) {
        return switch (outcome) {
            case AuthOutcome.Missing missing -> refused(REALM, "send Authorization: Bearer <token>");
            case AuthOutcome.Unknown unknown -> refused(REALM + ", error=\"invalid_token\", error_description=\"unknown token\"",
                    "the bearer token is not known");
            case AuthOutcome.SessionExpired expired -> refused(REALM, "the browser session expired or was logged out; log in again");
            case AuthOutcome.Revoked revoked -> {
                ctx.put(RequestKeys.ACTOR, revoked.name());
                LOG.info("event=revoked_token_used token_name={} requestId={}", revoked.name(), ctx.<String>get(RequestKeys.REQUEST_ID));
                yield refused(REALM + ", error=\"invalid_token\", error_description=\"token revoked\"", "the bearer token was revoked");
            }
            case AuthOutcome.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                ctx.put(RequestKeys.PRINCIPAL, principal);
                ctx.put(RequestKeys.ACTOR, principal.name());
                yield Future.succeededFuture(user(principal));
            }
        };
    }

    /** The principal as a Vert.x {@link User} with, as role authorizations, every role it may act as. */
    static User user(Principal principal) {
        User user = User.fromName(principal.name());
        user.authorizations().put(ROLES, granted(principal));
        return user;
    }

    static Set<Authorization> granted(Principal principal) {
        return GRANTED.computeIfAbsent(principal.roles(), BearerAuthentication::granted);
    }

    private static Future<User> refused(String challenge, String detail) {
        ApiException problem = new ApiException(Problem.of(ProblemType.UNAUTHENTICATED, detail), Map.of("WWW-Authenticate", challenge));
        return Future.failedFuture(new HttpException(401, problem));
    }
}
