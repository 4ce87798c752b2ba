package io.poolpilot.api.http;

import io.poolpilot.api.auth.AuthOutcome;
import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.auth.Principal;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.auth.TokenDigest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Browser sessions for the web UI: an API token is exchanged at {@code POST /ui/session} for a session
 * cookie (HttpOnly, SameSite=Strict, Secure when the request came over TLS, directly or at the proxy),
 * kept server-side by Vert.x Web's {@link SessionHandler} in a {@link LocalSessionStore} with an idle
 * timeout. A session holds the token's SHA-256 (never the token), so a revoked token ends its sessions,
 * and a CSRF token that every state-changing request of the session must echo in {@value #CSRF_HEADER}.
 */
public final class BrowserSessions {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserSessions.class);
    public static final String COOKIE = "poolpilot.session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String PATH = "/ui/session";
    private static final String TOKEN_DIGEST = "tokenDigest";
    private static final String CSRF = "csrf";
    private static final String COOKIE_SENT = "poolpilot.sessionCookieSent";
    private static final String EXPIRED = "the browser session expired or was logged out; log in again";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final BearerAuthenticator authenticator;
    private final Duration idleTimeout;
    private final SessionHandler plain;
    private final SessionHandler secure;
    private final SecureRandom random = new SecureRandom();

    public BrowserSessions(Vertx vertx, BearerAuthenticator authenticator, Duration idleTimeout) {
        this.authenticator = authenticator;
        this.idleTimeout = idleTimeout;
        SessionStore store = LocalSessionStore.create(vertx, "poolpilot.sessions", Math.min(60_000, idleTimeout.toMillis()));
        this.plain = sessionHandler(store, idleTimeout, false);
        this.secure = sessionHandler(store, idleTimeout, true);
    }

    private static SessionHandler sessionHandler(SessionStore store, Duration idleTimeout, boolean secure) {
        // Lazy: a bearer-token client never gets a session or a cookie; only a login creates one.
        return SessionHandler.create(store).setSessionCookieName(COOKIE).setSessionCookiePath("/")
                .setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.STRICT).setCookieSecureFlag(secure)
                .setNagHttps(false).setLazySession(true).setMinLength(32).setSessionTimeout(idleTimeout.toMillis());
    }

    /** The root handler that loads the request's session, unless it brings an Authorization header (which wins). */
    PlatformHandler loader() {
        return new Loader(this);
    }

    private record Loader(BrowserSessions sessions) implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
                ctx.next();
                return;
            }
            ctx.put(COOKIE_SENT, ctx.request().getCookie(COOKIE) != null);
            // Restores the session and, from it, the User: the routes' authentication handler then has nothing to do.
            sessions.handlerFor(ctx).handle(ctx);
        }
    }

    private SessionHandler handlerFor(RoutingContext ctx) {
        boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        return tls ? secure : plain;
    }

    /** Whether the request sent a session cookie and no Authorization header (read before the session handler ran). */
    static boolean cookieSent(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(COOKIE_SENT));
    }

    /**
     * Runs after authentication on every operation: for a request its session authenticated, checks the
     * session's token again (a revoked token ends the session, changed roles apply at once), then refuses
     * (403) a state-changing request unless it carries the session's CSRF token: a page on another site
     * can make the browser send the cookie, never the header.
     */
    InputTrustHandler check() {
        return ctx -> {
            if (ctx.get(RequestKeys.PRINCIPAL) != null || ctx.session() == null || ctx.user() == null) {
                ctx.next(); // a bearer token, already checked
                return;
            }
            verify(ctx).onSuccess(principal -> {
                if (csrfHolds(ctx, ctx.session().get(CSRF))) {
                    ctx.next();
                }
            });
        };
    }

    /** The principal of the request's session, as its token stands now; otherwise the session ends and the request fails 401. */
    private Future<Principal> verify(RoutingContext ctx) {
        Session session = ctx.session();
        String digest = session == null || ctx.user() == null ? null : session.get(TOKEN_DIGEST);
        Future<AuthOutcome> outcome = digest == null ? Future.succeededFuture(new AuthOutcome.SessionExpired())
                : authenticator.authenticateDigest(HexFormat.of().parseHex(digest));
        return ContextHop.back(ctx.vertx().getOrCreateContext(), outcome).compose(o -> {
            if (o instanceof AuthOutcome.Authenticated authenticated) {
                Principal principal = authenticated.principal();
                ctx.put(RequestKeys.PRINCIPAL, principal);
                ctx.put(RequestKeys.ACTOR, principal.name());
                ctx.user().authorizations().put(BearerAuthentication.ROLES, BearerAuthentication.granted(principal));
                return Future.succeededFuture(principal);
            }
            if (session != null) {
                session.destroy();
            }
            ctx.fail(new HttpException(401, new ApiException(Problem.of(ProblemType.UNAUTHENTICATED, EXPIRED),
                    Map.of("WWW-Authenticate", BearerAuthentication.REALM))));
            return Future.failedFuture(EXPIRED);
        });
    }

    /** Whether the request may go on; if not, it has been failed with 403. */
    private static boolean csrfHolds(RoutingContext ctx, String expected) {
        if (expected == null || SAFE.contains(ctx.request().method()) || sameToken(expected, ctx.request().getHeader(CSRF_HEADER))) {
            return true;
        }
        ctx.fail(new HttpException(403, ApiException.of(ProblemType.FORBIDDEN, "a state-changing request from a browser session needs the header "
                + CSRF_HEADER + " with the csrfToken of GET " + PATH)));
        return false;
    }

    private static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Login ({@code POST}), who am I ({@code GET}) and logout ({@code DELETE}) at {@value #PATH}. */
    void mount(Router router) {
        router.post(PATH).handler(this::login);
        router.get(PATH).handler(ctx -> verify(ctx).onSuccess(principal -> send(ctx, 200, principal, ctx.session().get(CSRF))));
        router.delete(PATH).handler(this::logout);
    }

    private void login(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith(Json.MEDIA_TYPE)) {
            // A cross-site form cannot send JSON, so this also stops a login forged by another site.
            ctx.fail(new HttpException(415, ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send {\"token\": \"...\"} as application/json")));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String token = body == null ? null : body.getValue("token") instanceof String s ? s.strip() : null;
        if (token == null || token.isEmpty()) {
            ctx.fail(new HttpException(400, ApiException.of(ProblemType.VALIDATION, "send {\"token\": \"<your API token>\"}")));
            return;
        }
        ContextHop.back(ctx.vertx().getOrCreateContext(), authenticator.authenticate("Bearer " + token)).onSuccess(outcome -> {
            if (!(outcome instanceof AuthOutcome.Authenticated authenticated)) {
                LOG.info("event=ui_login_refused outcome={} requestId={}", outcome.getClass().getSimpleName(), ctx.<String>get(RequestKeys.REQUEST_ID));
                ctx.fail(new HttpException(401, ApiException.of(ProblemType.UNAUTHENTICATED, "the token is not known or was revoked")));
                return;
            }
            if (ctx.session() != null) {
                ctx.session().destroy();
            }
            SessionHandler handler = handlerFor(ctx);
            Session session = handler.newSession(ctx);
            session.put(TOKEN_DIGEST, TokenDigest.sha256Hex(token));
            byte[] csrf = new byte[32];
            random.nextBytes(csrf);
            String csrfToken = HexFormat.of().formatHex(csrf);
            session.put(CSRF, csrfToken);
            ctx.put(RequestKeys.ACTOR, authenticated.principal().name());
            LOG.info("event=ui_login token_name={} requestId={}", authenticated.principal().name(), ctx.<String>get(RequestKeys.REQUEST_ID));
            handler.setUser(ctx, BearerAuthentication.user(authenticated.principal()))
                    .onSuccess(v -> send(ctx, 200, authenticated.principal(), csrfToken)).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        Session session = ctx.session();
        if (session != null && !csrfHolds(ctx, session.get(CSRF))) {
            return;
        }
        if (session != null) {
            session.destroy();
        }
        ctx.response().setStatusCode(204).end();
    }

    private void send(RoutingContext ctx, int status, Principal principal, String csrfToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", principal.name());
        body.put("roles", principal.roles().stream().map(Role::wire).sorted().toList());
        // What the page may offer: every role the token's roles grant (admin grants all), decided here, once.
        body.put("grants", Arrays.stream(Role.values()).filter(principal::mayAct).map(Role::wire).toList());
        body.put("csrfToken", csrfToken);
        body.put("idleTimeoutSeconds", idleTimeout.toSeconds());
        ReplyWriter.send(ctx, Reply.ok(body));
    }
}
