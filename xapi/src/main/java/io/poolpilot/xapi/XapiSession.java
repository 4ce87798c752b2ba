package io.poolpilot.xapi;

import io.poolpilot.xapi.security.DeserializationGuard;
import io.poolpilot.xapi.transport.HttpClientXmlRpcTransport;
import io.poolpilot.xapi.transport.RawDateTimeTypeFactory;
import io.poolpilot.xapi.transport.XapiHttpClients;
import io.poolpilot.xapi.wire.XapiCodec;
import io.poolpilot.xapi.wire.XapiEnvelope;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.TimeZone;
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
    private static final int MAX_MASTER_REDIRECTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(XapiSession.class);

    private final XapiEndpoint endpoint;
    private final String originator;
    private final HttpClient http;
    private final ReentrantLock reconnectLock = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean closed;

    private XapiSession(XapiEndpoint endpoint, String originator, HttpClient http) {
        this.endpoint = endpoint;
        this.originator = originator;
        this.http = http;
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
        URI url = start;
        for (int hop = 0; hop <= MAX_MASTER_REDIRECTS; hop++) {
            Connection anonymous = Connection.open(url, http, endpoint, null, generation);
            try {
                Object ref = anonymous.execute(null, "session.login_with_password",
                        new Object[] {endpoint.username(), endpoint.password(), API_VERSION, originator});
                String sessionRef = XapiCodec.ref(ref).orElseThrow(() ->
                        new XapiTransportException("session.login_with_password returned no session ref"));
                LOG.info("event=xapi_login url={} user={} generation={}", url, endpoint.username(), generation);
                return anonymous.withSessionRef(sessionRef);
            } catch (IllegalArgumentException e) {
                throw XapiCodec.malformed("session.login_with_password", e);
            } catch (XapiFailure failure) {
                if (!failure.is(XapiErrorCodes.HOST_IS_SLAVE)) {
                    throw failure;
                }
                URI master = masterNamedBy(url, failure);
                LOG.info("event=xapi_host_is_slave url={} master={}", url, master);
                url = master;
            }
        }
        throw new XapiTransportException("gave up after " + MAX_MASTER_REDIRECTS
                + " HOST_IS_SLAVE redirects starting at " + start + "; last was " + url);
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
        try {
            return XapiEndpoint.hostUrl(current, hostIsSlave.param(0));
        } catch (IllegalArgumentException e) {
            throw new XapiTransportException("HOST_IS_SLAVE from " + current + " names no usable master address: '"
                    + hostIsSlave.param(0) + "'", e);
        }
    }

    private void logoutQuietly(Connection c) {
        try {
            c.execute(null, "session.logout", new Object[] {c.sessionRef()});
        } catch (RuntimeException e) {
            LOG.debug("event=xapi_logout_failed url={} error=\"{}\"", c.url(), e.getMessage());
        }
    }

    private static Object[] withSession(String sessionRef, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = sessionRef;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** One logged-in (or, during login, anonymous) XML-RPC channel to one host. */
    private record Connection(URI url, XmlRpcClient client, XmlRpcClientConfigImpl config, String sessionRef,
                              long generation) {

        static Connection open(URI url, HttpClient http, XapiEndpoint endpoint, String sessionRef, long generation) {
            XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
            try {
                config.setServerURL(url.toURL());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new XapiTransportException("not a usable XAPI url: " + url, e);
            }
            // Extensions (ex:serializable, nil, i8 ...) are exactly what CVE-2019-17570 rides on.
            config.setEnabledForExtensions(false);
            config.setEnabledForExceptions(false);
            config.setContentLengthOptional(false);
            config.setEncoding("UTF-8");
            config.setTimeZone(TimeZone.getTimeZone("UTC"));
            config.setConnectionTimeout(Math.toIntExact(endpoint.connectTimeout().toMillis()));
            config.setReplyTimeout(Math.toIntExact(endpoint.replyTimeout().toMillis()));
            XmlRpcClient client = new XmlRpcClient();
            client.setConfig(config);
            client.setTypeFactory(new RawDateTimeTypeFactory(client));
            client.setTransportFactory(HttpClientXmlRpcTransport.factory(client, http));
            return new Connection(url, client, config, sessionRef, generation);
        }

        Connection withSessionRef(String ref) {
            return new Connection(url, client, config, ref, generation);
        }

        Object execute(Duration replyTimeout, String method, Object[] args) {
            XmlRpcClientConfigImpl callConfig = config;
            if (replyTimeout != null) {
                callConfig = config.cloneMe();
                callConfig.setReplyTimeout(Math.toIntExact(replyTimeout.toMillis()));
            }
            Object[] wireArgs = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                wireArgs[i] = XapiCodec.toWire(args[i]);
            }
            Object response;
            try {
                response = client.execute(callConfig, method, wireArgs);
            } catch (XmlRpcException e) {
                throw new XapiTransportException(method + " at " + url + " failed: " + describe(e), e);
            }
            return XapiEnvelope.unwrap(method, response);
        }

        private static String describe(XmlRpcException e) {
            // A fault is not XAPI's way of reporting errors: a peer sending one is not a real XAPI.
            if (e.getClass() == XmlRpcException.class && e.code != 0) {
                return "server answered with an XML-RPC fault (code " + e.code + ": " + e.getMessage()
                        + "), which XAPI never sends";
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e.linkedException;
            return e.getMessage() + (cause != null && cause != e ? " (" + cause + ")" : "");
        }

        @Override
        public String toString() {
            return "Connection[url=" + url + ", generation=" + generation + "]";
        }
    }
}
