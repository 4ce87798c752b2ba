package io.poolpilot.xapi.transport;

import io.poolpilot.xapi.TlsPolicy;
import io.poolpilot.xapi.XapiTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Builds the {@link SSLContext} a {@link TlsPolicy} asks for; shared by XML-RPC and rrd_updates. */
public final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final Set<String> WARNED_INSECURE = ConcurrentHashMap.newKeySet();

    private TlsContexts() {
    }

    /** The context for {@code policy}; {@code endpoint} only names the server in logs. */
    public static SSLContext sslContext(TlsPolicy policy, URI endpoint) {
        try {
            return switch (policy) {
                case TlsPolicy.SystemTrust ignored -> SSLContext.getDefault();
                case TlsPolicy.CaCertificate ca -> withTrustManager(caTrustManager(ca));
                case TlsPolicy.PinnedFingerprint pin -> withTrustManager(new PinnedTrustManager(pin.fingerprint()));
                case TlsPolicy.Insecure ignored -> {
                    if (WARNED_INSECURE.add(endpoint.getScheme() + "://" + endpoint.getAuthority())) {
                        LOG.warn("event=tls_verification_disabled endpoint={} msg=\"TLS server verification is OFF"
                                + " (TlsPolicy.Insecure): anyone on the path can impersonate this XAPI server."
                                + " Use PinnedFingerprint or CaCertificate outside a lab.\"", endpoint);
                    }
                    yield withTrustManager(new TrustAllManager());
                }
            };
        } catch (GeneralSecurityException e) {
            throw new XapiTransportException("cannot set up TLS for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trust manager {@code policy} stands for, for TLS clients other than the JDK's HttpClient (the console
     * proxy's Vert.x socket): the same checks as {@link #sslContext}. SystemTrust gives the JDK's default.
     */
    public static TrustManager trustManager(TlsPolicy policy, URI endpoint) {
        try {
            return switch (policy) {
                case TlsPolicy.SystemTrust ignored -> {
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init((KeyStore) null);
                    yield tmf.getTrustManagers()[0];
                }
                case TlsPolicy.CaCertificate ca -> caTrustManager(ca);
                case TlsPolicy.PinnedFingerprint pin -> new PinnedTrustManager(pin.fingerprint());
                case TlsPolicy.Insecure ignored -> {
                    if (WARNED_INSECURE.add(endpoint.getScheme() + "://" + endpoint.getAuthority())) {
                        LOG.warn("event=tls_verification_disabled endpoint={} msg=\"TLS server verification is OFF"
                                + " (TlsPolicy.Insecure): anyone on the path can impersonate this XAPI server."
                                + " Use PinnedFingerprint or CaCertificate outside a lab.\"", endpoint);
                    }
                    yield new TrustAllManager();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new XapiTransportException("cannot set up TLS for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of a certificate's DER encoding, as {@link TlsPolicy.PinnedFingerprint} stores it. */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static SSLContext withTrustManager(TrustManager tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }

    private static TrustManager caTrustManager(TlsPolicy.CaCertificate ca) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("empty key store", e);
        }
        try (InputStream in = Files.newInputStream(ca.pem())) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + ca.pem());
            }
        } catch (IOException e) {
            throw new XapiTransportException("cannot read CA certificate file " + ca.pem() + ": " + e.getMessage(), e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers()[0];
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Accepts exactly the leaf certificate with the pinned fingerprint. Extending
     * X509ExtendedTrustManager keeps the JDK from adding a host-name check on top: a pinned
     * XAPI certificate commonly names the host, not the IP we dial.
     */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final byte[] pin;

        PinnedTrustManager(byte[] pin) {
            this.pin = pin.clone();
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            byte[] actual = sha256(chain[0].getEncoded());
            if (!MessageDigest.isEqual(pin, actual)) {
                throw new CertificateException("server certificate SHA-256 " + HexFormat.ofDelimiter(":").formatHex(actual)
                        + " does not match the pinned fingerprint " + HexFormat.ofDelimiter(":").formatHex(pin));
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The explicit lab opt-out: trusts everything. */
    private static final class TrustAllManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
