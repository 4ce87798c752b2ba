package io.poolpilot.xapi.transport;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcHttpClientConfig;
import org.apache.xmlrpc.client.XmlRpcHttpTransport;
import org.apache.xmlrpc.client.XmlRpcHttpTransportException;
import org.apache.xmlrpc.client.XmlRpcTransport;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Apache XML-RPC transport over {@link HttpClient}: gives XML-RPC the same TLS policy and
 * timeouts as the rrd_updates fetcher, and a hardened XML reader (no DTDs, no external entities:
 * Apache XML-RPC 3.1.3's own reader allows both, CVE-2016-5003).
 */
public final class HttpClientXmlRpcTransport extends XmlRpcHttpTransport {

    private static final String USER_AGENT = "PoolPilot-XAPI/1 (Apache XML-RPC 3.1.3)";
    /** Headers HttpClient computes itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final int ERROR_BODY_PREVIEW = 200;

    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private InputStream responseBody;
    private boolean gzipResponse;
    private XmlRpcHttpClientConfig requestConfig;

    HttpClientXmlRpcTransport(XmlRpcClient client, HttpClient http) {
        super(client, USER_AGENT);
        this.http = http;
    }

    /** A factory handing each call its own transport, so one XmlRpcClient serves many threads. */
    public static XmlRpcTransportFactory factory(XmlRpcClient client, HttpClient http) {
        return new XmlRpcTransportFactory() {
            @Override
            public XmlRpcTransport getTransport() {
                return new HttpClientXmlRpcTransport(client, http);
            }
        };
    }

    @Override
    protected void setRequestHeader(String name, String value) {
        if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            headers.put(name, value);
        }
    }

    @Override
    protected void writeRequest(ReqWriter writer) throws XmlRpcException, IOException, SAXException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        writer.write(body);
        // The request's own config: a caller may give one call (event.from) a longer reply timeout.
        XmlRpcHttpClientConfig config = requestConfig != null
                ? requestConfig : (XmlRpcHttpClientConfig) getClient().getClientConfig();
        URI uri;
        try {
            uri = config.getServerURL().toURI();
        } catch (URISyntaxException e) {
            throw new XmlRpcClientException("bad server URL " + config.getServerURL(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (config.getReplyTimeout() > 0) {
            request.timeout(Duration.ofMillis(config.getReplyTimeout()));
        }
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XmlRpcClientException("interrupted while waiting for " + uri, e);
        }
        if (response.statusCode() != 200) {
            String preview;
            try (InputStream in = response.body()) {
                preview = new String(in.readNBytes(ERROR_BODY_PREVIEW), StandardCharsets.UTF_8).strip();
            }
            throw new XmlRpcHttpTransportException(response.statusCode(),
                    "HTTP " + response.statusCode() + " from " + uri + (preview.isEmpty() ? "" : ": " + preview));
        }
        gzipResponse = response.headers().firstValue("Content-Encoding")
                .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        responseBody = response.body();
    }

    @Override
    protected InputStream getInputStream() {
        return responseBody;
    }

    @Override
    protected boolean isResponseGzipCompressed(XmlRpcStreamRequestConfig config) {
        return gzipResponse;
    }

    @Override
    protected void close() throws XmlRpcClientException {
        if (responseBody != null) {
            try {
                responseBody.close();
            } catch (IOException e) {
                throw new XmlRpcClientException("failed to close the response stream", e);
            }
        }
    }

    @Override
    protected XMLReader newXMLReader() throws XmlRpcException {
        return HardenedSax.newReader();
    }

    @Override
    public Object sendRequest(XmlRpcRequest request) throws XmlRpcException {
        requestConfig = (XmlRpcHttpClientConfig) request.getConfig();
        return super.sendRequest(request);
    }

    /** A namespace-aware SAX reader that refuses DOCTYPEs and never resolves external entities. */
    static final class HardenedSax {
        private static final SAXParserFactory FACTORY = newFactory();

        private HardenedSax() {
        }

        private static SAXParserFactory newFactory() {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            try {
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setFeature("http://xml.org/sax/features/external-general-entities", false);
                f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
                f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                f.setXIncludeAware(false);
            } catch (ParserConfigurationException | SAXException e) {
                throw new IllegalStateException("the JDK's SAX parser cannot be hardened: " + e.getMessage(), e);
            }
            return f;
        }

        static XMLReader newReader() throws XmlRpcException {
            try {
                XMLReader reader = FACTORY.newSAXParser().getXMLReader();
                // Errors surface as exceptions; the JDK default handler would also print them to stderr.
                reader.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                    @Override
                    public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                        throw e;
                    }
                });
                return reader;
            } catch (ParserConfigurationException | SAXException e) {
                throw new XmlRpcException("cannot create an XML reader: " + e.getMessage(), e);
            }
        }
    }
}
