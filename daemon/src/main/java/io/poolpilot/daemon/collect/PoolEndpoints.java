package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.TlsConfig;
import io.poolpilot.xapi.TlsPolicy;
import io.poolpilot.xapi.XapiEndpoint;

import java.time.Duration;
import java.util.Map;

/** How the daemon reaches a pool master: URL, credentials, TLS trust and call timeouts, from the config. */
public final class PoolEndpoints {

    private PoolEndpoints() {
    }

    /** The endpoint of {@code pool}; its password is resolved from {@code environment}. */
    public static XapiEndpoint of(PoolConfig pool, CollectConfig collect, Map<String, String> environment) {
        return XapiEndpoint.of(pool.masterUrl(), pool.username(), pool.password().resolve(environment))
                .withTls(tlsPolicy(pool.tls()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(
                        collect.callTimeoutSeconds() + collect.eventTimeoutSeconds()));
    }

    private static TlsPolicy tlsPolicy(TlsConfig tls) {
        if (tls.insecure()) {
            return new TlsPolicy.Insecure();
        }
        if (tls.fingerprintSha256() != null) {
            return new TlsPolicy.PinnedFingerprint(tls.fingerprintSha256());
        }
        if (tls.caFile() != null) {
            return new TlsPolicy.CaCertificate(tls.caFile());
        }
        return new TlsPolicy.SystemTrust();
    }
}
