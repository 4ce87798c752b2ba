package io.poolpilot.xapi;

import io.poolpilot.xapi.security.DeserializationGuard;
import io.poolpilot.xapi.transport.XapiHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A logged-in XAPI session on a pool master. Every {@link #call} gets the session ref prepended
 * and its envelope unwrapped. Recovers by itself from the two things that routinely happen to
 * long-lived sessions: {@code SESSION_INVALID} (log in again once, retry the call) and
 * {@code HOST_IS_SLAVE} (the master moved: log in at the address XAPI names, retry). Safe to
 * share between threads.
 */
public final class XapiSession implements AutoCloseable {

    /** The API version sent at login; XAPI uses it only for logging/compatibility notes. */
    public static final String API_VERSION = "1.2";
    private static final Logger LOG = LoggerFactory.getLogger(XapiSession.class);

    private final XapiEndpoint endpoint;
    private final String originator;
    private final HttpClient http;
    private final MasterLogin logins;
    private final ReentrantLock reconnectLock = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean closed;

    private XapiSession(XapiEndpoint endpoint, String originator, HttpClient http) {
        this.endpoint = endpoint;
        this.originator = originator;
        this.http = http;
        this.logins = new MasterLogin(endpoint, originator, http);
    }

    /**
     * Logs in at {@code endpoint}, following {@code HOST_IS_SLAVE} to the master. Throws
     * {@link XapiFailure} (e.g. {@code SESSION_AUTHENTICATION_FAILED}) or {@link XapiTransportException}.
     */
    public static XapiSession login(XapiEndpoint endpoint, String originator) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (originator == null || originator.isBlank()) {
            throw new IllegalArgumentException("originator names this client in XAPI's logs; must not be blank");
        }
        DeserializationGuard.install();
        HttpClient http = XapiHttpClients.forEndpoint(endpoint);
        XapiSession session = new XapiSession(endpoint, originator, http);
        try {
            session.connection = session.loginFollowingMaster(endpoint.url(), 1);
        } catch (RuntimeException e) {
            http.shutdownNow();
            throw e;
        }
        return session;
    }

    /** Calls {@code method} with the session ref prepended; returns the decoded Value. */
    public Object call(String method, Object... args) {
        return invoke(null, method, args);
    }

    /** Like {@link #call} with a reply timeout for this call only (long polls such as event.from). */
    public Object callWithReplyTimeout(Duration replyTimeout, String method, Object... args) {
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        return invoke(replyTimeout, method, args);
    }

    /** The current session ref: a credential, never log it. */
    public String sessionRef() {
        return current().sessionRef();
    }

    /** The URL of the master this session is logged in at (differs from the endpoint after a redirect). */
    public URI masterUrl() {
        return current().url();
    }

    /** Counts logins: 1 after {@link #login}, +1 after every re-login or master change. */
    public long generation() {
        return current().generation();
    }

    public XapiEndpoint endpoint() {
        return endpoint;
    }

    /** The HTTP client carrying this session's TLS policy, for other XAPI HTTP handlers (rrd_updates). */
    public HttpClient httpClient() {
        return http;
    }

    /** Logs out, swallowing errors (the session may already be gone), and releases the HTTP client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Connection c = connection;
        if (c != null) {
            logoutQuietly(c);
        }
        http.shutdownNow();
    }

    private Object invoke(Duration replyTimeout, String method, Object[] args) {
        Objects.requireNonNull(method, "method");
        Connection c = current();
        try {
            return c.execute(replyTimeout, method, withSession(c.sessionRef(), args));
        } catch (XapiFailure failure) {
            Connection fresh;
            if (failure.is(XapiErrorCodes.SESSION_INVALID)) {
                fresh = reconnect(c, c.url(), "session_invalid");
            } else if (failure.is(XapiErrorCodes.HOST_IS_SLAVE)) {
                fresh = reconnect(c, masterNamedBy(c.url(), failure), "host_is_slave");
            } else {
                throw failure;
            }
            // Exactly one retry: a second SESSION_INVALID or HOST_IS_SLAVE goes to the caller.
            return fresh.execute(replyTimeout, method, withSession(fresh.sessionRef(), args));
        }
    }

    private Connection current() {
        if (closed) {
            throw new IllegalStateException("XAPI session for " + endpoint.url() + " is closed");
        }
        return connection;
    }

    /** Re-logs in unless another thread already replaced {@code stale}; callers then share the new session. */
    private Connection reconnect(Connection stale, URI target, String reason) {
        reconnectLock.lock();
        try {
            Connection now = connection;
            if (now != stale) {
                return now;
            }
            LOG.info("event=xapi_reconnect reason={} from={} to={} generation={}", reason, stale.url(), target,
                    stale.generation() + 1);
            Connection fresh = loginFollowingMaster(target, stale.generation() + 1);
            connection = fresh;
            if (!reason.equals("session_invalid")) {
                logoutQuietly(stale);
            }
            return fresh;
        } finally {
            reconnectLock.unlock();
        }
    }

    private Connection loginFollowingMaster(URI start, long generation) {
        return logins.loginFollowingMaster(start, generation);
    }

    /**
     * Finds the master again after the current one stopped answering (e.g. HA promoted another
     * host): tries the current master, then each candidate address (typically every host address
     * in the inventory), following {@code HOST_IS_SLAVE}. The first login that works becomes this
     * session and {@link #generation()} grows, so an event watcher resyncs. Credentials refused
     * anywhere end the search with that {@link XapiFailure}; if nothing answers, an
     * {@link XapiTransportException} lists what was tried.
     */
    public void reconnect(java.util.Collection<String> candidateAddresses) {
        reconnectLock.lock();
        try {
            Connection stale = current();
            java.util.LinkedHashSet<URI> targets = new java.util.LinkedHashSet<>();
            targets.add(stale.url());
            for (String address : candidateAddresses) {
                try {
                    targets.add(XapiEndpoint.hostUrl(stale.url(), address));
                } catch (IllegalArgumentException e) {
                    LOG.warn("event=xapi_failover_candidate_skipped address=\"{}\" reason=\"{}\"", address, e.getMessage());
                }
            }
            java.util.List<String> tried = new java.util.ArrayList<>();
            for (URI target : targets) {
                try {
                    Connection fresh = loginFollowingMaster(target, stale.generation() + 1);
                    connection = fresh;
                    LOG.info("event=xapi_failover from={} to={} generation={}", stale.url(), fresh.url(), fresh.generation());
                    return;
                } catch (XapiTransportException e) {
                    tried.add(target + " (" + e.getMessage() + ")");
                }
            }
            throw new XapiTransportException("no pool master found; tried " + tried);
        } finally {
            reconnectLock.unlock();
        }
    }

    private static URI masterNamedBy(URI current, XapiFailure hostIsSlave) {
        return MasterLogin.masterNamedBy(current, hostIsSlave);
    }

    private void logoutQuietly(Connection c) {
        MasterLogin.logoutQuietly(c);
    }

    private static Object[] withSession(String sessionRef, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = sessionRef;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
