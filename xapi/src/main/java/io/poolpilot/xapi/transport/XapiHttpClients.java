package io.poolpilot.xapi.transport;

import io.poolpilot.xapi.XapiEndpoint;

import java.net.http.HttpClient;

/** Creates the {@link HttpClient} for one endpoint: HTTP/1.1 (what XAPI speaks), its TLS policy, no redirects. */
public final class XapiHttpClients {

    private XapiHttpClients() {
    }

    public static HttpClient forEndpoint(XapiEndpoint endpoint) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(endpoint.connectTimeout());
        if ("https".equalsIgnoreCase(endpoint.url().getScheme())) {
            builder.sslContext(TlsContexts.sslContext(endpoint.tls(), endpoint.url()));
        }
        return builder.build();
    }
}
