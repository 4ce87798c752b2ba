package io.poolpilot.xapi.metrics;

import io.poolpilot.xapi.XapiHttpStatusException;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.XapiTransportException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fetches one host's {@code rrd_updates} (the host's own data sources and those of the VMs
 * resident on it) and streams the answer through {@link RrdUpdatesParser}. Uses the session's
 * HTTP client, so the same TLS policy applies as for XML-RPC. The request URI carries the session
 * ref, so it is never put into exceptions or logs.
 */
public final class RrdUpdatesFetcher {

    /** Which representation to ask XAPI for. */
    public enum Format {
        XML, JSON
    }

    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    private static final int ERROR_BODY_PREVIEW = 200;

    private final HttpClient http;
    private final Duration timeout;
    private final RrdUpdatesParser parser = new RrdUpdatesParser();

    public RrdUpdatesFetcher(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rrd_updates timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** A fetcher sharing the session's HTTP client and reply timeout. */
    public static RrdUpdatesFetcher forSession(XapiSession session) {
        return new RrdUpdatesFetcher(session.httpClient(), session.endpoint().replyTimeout());
    }

    /** {@code GET {host}/rrd_updates?session_id=..&start=..&cf=AVERAGE&interval=..&host=true[&json=true]}. */
    public static URI requestUri(URI hostUrl, String sessionRef, long startSeconds, int intervalSeconds, Format format) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval must be positive seconds, got " + intervalSeconds);
        }
        String base = hostUrl.toString().endsWith("/") ? hostUrl.toString() : hostUrl + "/";
        return URI.create(base + "rrd_updates?session_id=" + URLEncoder.encode(sessionRef, StandardCharsets.UTF_8)
                + "&start=" + startSeconds + "&cf=AVERAGE&interval=" + intervalSeconds + "&host=true"
                + (format == Format.JSON ? "&json=true" : ""));
    }

    /**
     * Fetches one host's updates using the session's current ref: the host is reached at
     * {@code hostAddress} (its {@code address} field) with the endpoint's scheme and port.
     */
    public RrdParseResult fetchHost(XapiSession session, String hostAddress, long startSeconds, Consumer<DataPoint> sink) {
        return fetch(session.endpoint().hostUrl(hostAddress), session.sessionRef(), startSeconds,
                DEFAULT_INTERVAL_SECONDS, Format.XML, sink);
    }

    /** Fetches XML with the default 5 s interval. */
    public RrdParseResult fetch(URI hostUrl, String sessionRef, long startSeconds, Consumer<DataPoint> sink) {
        return fetch(hostUrl, sessionRef, startSeconds, DEFAULT_INTERVAL_SECONDS, Format.XML, sink);
    }

    /**
     * Fetches and parses; delivers every complete row to {@code sink} as it streams in. Throws
     * {@link XapiHttpStatusException} for a non-200 answer (401/403: log in again) and
     * {@link XapiTransportException} for network errors or a broken document.
     */
    public RrdParseResult fetch(URI hostUrl, String sessionRef, long startSeconds, int intervalSeconds, Format format,
                                Consumer<DataPoint> sink) {
        URI uri = requestUri(hostUrl, sessionRef, startSeconds, intervalSeconds, format);
        String where = "rrd_updates at " + hostUrl.getScheme() + "://" + hostUrl.getAuthority();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new XapiTransportException(where + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XapiTransportException(where + " interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String preview = new String(body.readNBytes(ERROR_BODY_PREVIEW), StandardCharsets.UTF_8).strip();
                throw new XapiHttpStatusException(response.statusCode(),
                        where + " answered HTTP " + response.statusCode() + (preview.isEmpty() ? "" : ": " + preview));
            }
            return format == Format.JSON ? parser.parseJson(body, sink) : parser.parseXml(body, sink);
        } catch (IOException e) {
            throw new XapiTransportException(where + ": reading the answer failed: " + e, e);
        } catch (XapiTransportException e) {
            if (e instanceof XapiHttpStatusException) {
                throw e;
            }
            throw new XapiTransportException(where + ": " + e.getMessage(), e);
        }
    }
}
