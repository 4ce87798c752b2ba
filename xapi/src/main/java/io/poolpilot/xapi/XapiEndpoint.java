package io.poolpilot.xapi;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to reach a pool's XAPI: the URL of (preferably) the master, credentials, TLS
 * policy, timeouts and the RPC protocol. A URL whose path is {@code /jsonrpc} (as XAPI serves it)
 * selects JSON-RPC and is kept as the host's root URL; any other path means XML-RPC. The password
 * never appears in {@link #toString()}.
 */
public record XapiEndpoint(URI url, String username, String password, TlsPolicy tls,
                           Duration connectTimeout, Duration replyTimeout, Transport transport) {

    /** XAPI's two RPC protocols: XML-RPC on POST / and JSON-RPC 2.0 on POST /jsonrpc. */
    public enum Transport { XML_RPC, JSON_RPC }

    private static final String JSON_RPC_PATH = "/jsonrpc";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(60);

    public XapiEndpoint {
        Objects.requireNonNull(url, "url");
        transport = transport == null ? Transport.XML_RPC : transport;
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.equals(JSON_RPC_PATH) || path.equals(JSON_RPC_PATH + "/")) {
            transport = Transport.JSON_RPC;
            url = url.resolve("/");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("XAPI url must be http:// or https://, got '" + url + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("XAPI url needs a host, got '" + url + "'");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("XAPI username must not be blank");
        }
        Objects.requireNonNull(password, "password (may be empty, not null)");
        Objects.requireNonNull(tls, "tls: choose SystemTrust, CaCertificate, PinnedFingerprint or Insecure");
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("replyTimeout", replyTimeout);
    }

    /** An endpoint with default trust (system CAs) and default timeouts. */
    public static XapiEndpoint of(URI url, String username, String password) {
        return new XapiEndpoint(url, username, password, new TlsPolicy.SystemTrust(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REPLY_TIMEOUT, Transport.XML_RPC);
    }

    public XapiEndpoint withTls(TlsPolicy policy) {
        return new XapiEndpoint(url, username, password, policy, connectTimeout, replyTimeout, transport);
    }

    public XapiEndpoint withTimeouts(Duration connect, Duration reply) {
        return new XapiEndpoint(url, username, password, tls, connect, reply, transport);
    }

    public XapiEndpoint withUrl(URI newUrl) {
        return new XapiEndpoint(newUrl, username, password, tls, connectTimeout, replyTimeout, transport);
    }

    public XapiEndpoint withTransport(Transport newTransport) {
        return new XapiEndpoint(url, username, password, tls, connectTimeout, replyTimeout, newTransport);
    }

    /**
     * The root URL of another host of the same pool: same scheme and port, the given address
     * (an IP as XAPI reports it in {@code HOST_IS_SLAVE} or {@code host.address}); IPv6 bracketed.
     */
    public URI hostUrl(String address) {
        return hostUrl(url, address);
    }

    static URI hostUrl(URI base, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("host address must not be blank");
        }
        String host = address.strip();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String port = base.getPort() == -1 ? "" : ":" + base.getPort();
        try {
            return URI.create(base.getScheme() + "://" + host + port + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a usable host address: '" + address + "'", e);
        }
    }

    @Override
    public String toString() {
        return "XapiEndpoint[url=" + url + ", username=" + username + ", password=<redacted>, tls=" + tls
                + ", connectTimeout=" + connectTimeout + ", replyTimeout=" + replyTimeout + ", transport=" + transport + "]";
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
