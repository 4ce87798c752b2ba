package io.poolpilot.daemon.billing;

import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;

import java.util.function.Function;

/** A way to run XAPI calls against one pool (a session per use). */
public interface PoolAccess {

    String poolName();

    <T> T call(Function<XapiClient, T> calls);

    /** Logs in to the pool master for each use and logs out afterwards. */
    static PoolAccess of(String poolName, XapiEndpoint endpoint) {
        return new PoolAccess() {
            @Override
            public String poolName() {
                return poolName;
            }

            @Override
            public <T> T call(Function<XapiClient, T> calls) {
                try (XapiSession session = XapiSession.login(endpoint, "poolpilot-billing")) {
                    return calls.apply(new XapiClient(session));
                }
            }
        };
    }
}
