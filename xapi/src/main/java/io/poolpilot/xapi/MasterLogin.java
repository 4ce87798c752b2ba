package io.poolpilot.xapi;

import io.poolpilot.xapi.wire.XapiCodec;
import java.net.URI;
import java.net.http.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging in at a pool: session.login_with_password, following HOST_IS_SLAVE to the master; and logging out. */
final class MasterLogin {
    private static final int MAX_MASTER_REDIRECTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(XapiSession.class);

    private final XapiEndpoint endpoint;
    private final String originator;
    private final HttpClient http;

    MasterLogin(XapiEndpoint endpoint, String originator, HttpClient http) {
        this.endpoint = endpoint;
        this.originator = originator;
        this.http = http;
    }

    Connection loginFollowingMaster(URI start, long generation) {
        URI url = start;
        for (int hop = 0; hop <= MAX_MASTER_REDIRECTS; hop++) {
            Connection anonymous = Connection.open(url, http, endpoint, null, generation);
            try {
                Object ref = anonymous.execute(null, "session.login_with_password",
                        new Object[] {endpoint.username(), endpoint.password(), XapiSession.API_VERSION, originator});
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

    static URI masterNamedBy(URI current, XapiFailure hostIsSlave) {
        try {
            return XapiEndpoint.hostUrl(current, hostIsSlave.param(0));
        } catch (IllegalArgumentException e) {
            throw new XapiTransportException("HOST_IS_SLAVE from " + current + " names no usable master address: '"
                    + hostIsSlave.param(0) + "'", e);
        }
    }

    static void logoutQuietly(Connection c) {
        try {
            c.execute(null, "session.logout", new Object[] {c.sessionRef()});
        } catch (RuntimeException e) {
            LOG.debug("event=xapi_logout_failed url={} error=\"{}\"", c.url(), e.getMessage());
        }
    }
}
