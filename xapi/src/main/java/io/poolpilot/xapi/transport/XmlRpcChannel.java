package io.poolpilot.xapi.transport;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.wire.XapiCodec;
import io.poolpilot.xapi.wire.XapiEnvelope;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.TimeZone;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/** XAPI over XML-RPC (POST /): Apache XML-RPC, hardened, on the endpoint's HTTP client. */
public final class XmlRpcChannel implements RpcChannel {
    private final URI url;
    private final XmlRpcClient client;
    private final XmlRpcClientConfigImpl config;

    private XmlRpcChannel(URI url, XmlRpcClient client, XmlRpcClientConfigImpl config) {
        this.url = url;
        this.client = client;
        this.config = config;
    }

    public static XmlRpcChannel open(URI url, HttpClient http, XapiEndpoint endpoint) {
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
        return new XmlRpcChannel(url, client, config);
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Object call(Duration replyTimeout, String method, Object[] args) {
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
        return "XmlRpcChannel[" + url + "]";
    }
}
