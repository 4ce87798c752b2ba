package io.poolpilot.simulator;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/** A raw Apache XML-RPC client speaking XAPI's envelope, as a third-party client would: no PoolPilot code. */
final class RawXapi {
    private final XmlRpcClient client = new XmlRpcClient();

    RawXapi(URI url) {
        this(url, 10_000);
    }

    RawXapi(URI url, int readTimeoutMillis) {
        try {
            XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
            config.setServerURL(new URL(url.toString()));
            config.setConnectionTimeout(5_000);
            config.setReplyTimeout(readTimeoutMillis);
            client.setConfig(config);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The raw struct the server answered ({Status, Value} or {Status, ErrorDescription}). */
    @SuppressWarnings("unchecked")
    Map<String, Object> raw(String method, Object... params) throws XmlRpcException {
        return (Map<String, Object>) client.execute(method, params);
    }

    /** A result xapi sends without the Status/Value wrapper (system.listMethods). */
    Object bare(String method, Object... params) {
        try {
            return client.execute(method, params);
        } catch (XmlRpcException e) {
            throw new IllegalStateException("transport failure calling " + method + ": " + e.getMessage(), e);
        }
    }

    /** The Value of a successful call; throws {@link Failure} with the ErrorDescription otherwise. */
    Object call(String method, Object... params) {
        Map<String, Object> r;
        try {
            r = raw(method, params);
        } catch (XmlRpcException e) {
            throw new IllegalStateException("transport failure calling " + method + ": " + e.getMessage(), e);
        }
        if ("Success".equals(r.get("Status"))) {
            return r.get("Value");
        }
        throw new Failure(toStrings(r.get("ErrorDescription")));
    }

    /** The ErrorDescription of a call that must fail. */
    List<String> error(String method, Object... params) {
        try {
            Object v = call(method, params);
            throw new AssertionError(method + " was expected to fail but answered " + v);
        } catch (Failure f) {
            return f.description;
        }
    }

    String login(String password) {
        return (String) call("session.login_with_password", "root", password, "2.21", "poolpilot-test");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> record(String session, String cls, String ref) {
        return (Map<String, Object>) call(cls + ".get_record", session, ref);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> allRecords(String session, String cls) {
        return (Map<String, Map<String, Object>>) call(cls + ".get_all_records", session);
    }

    /** The ref of the object of a class with this name_label. */
    String refByName(String session, String cls, String name) {
        Object[] refs = (Object[]) call(cls + ".get_by_name_label", session, name);
        if (refs.length != 1) {
            throw new AssertionError("expected one " + cls + " named " + name + " but found " + refs.length);
        }
        return (String) refs[0];
    }

    static List<String> toStrings(Object array) {
        if (array instanceof Object[] a) {
            List<String> out = new ArrayList<>();
            Arrays.stream(a).forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
        return List.of(String.valueOf(array));
    }

    /** An XAPI failure answered by the server. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final List<String> description;

        Failure(List<String> description) {
            super(String.join(" ", description));
            this.description = description;
        }
    }
}
