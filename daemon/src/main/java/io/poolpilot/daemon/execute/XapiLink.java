package io.poolpilot.daemon.execute;

import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;

/**
 * The executor's own XAPI session for one pool (apart from the collector's, whose event.from calls
 * block for seconds): logged in on first use and dropped after a transport failure so the next call
 * logs in again.
 */
public final class XapiLink implements AutoCloseable {

    public static final String ORIGINATOR = "poolpilot-executor";

    private final XapiEndpoint endpoint;
    private final String originator;
    private XapiClient client;

    public XapiLink(XapiEndpoint endpoint) {
        this(endpoint, ORIGINATOR);
    }

    /** A link that names itself {@code originator} in XAPI's logs (the console proxy has its own). */
    public XapiLink(XapiEndpoint endpoint, String originator) {
        this.endpoint = endpoint;
        this.originator = originator;
    }

    public synchronized XapiClient client() {
        if (client == null) {
            client = new XapiClient(XapiSession.login(endpoint, originator));
        }
        return client;
    }

    /** Forgets the session after a failure that may have broken it. */
    public synchronized void reset() {
        XapiClient current = client;
        client = null;
        if (current != null) {
            try {
                current.session().close();
            } catch (RuntimeException ignored) {
                // the session is being dropped because it failed: a failing logout says nothing new
            }
        }
    }

    @Override
    public void close() {
        reset();
    }
}
