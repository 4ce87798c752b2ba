package io.poolpilot.xapi.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small fake XAPI host on a loopback address: answers XML-RPC POSTs on {@code /} with the
 * responses a test scripts per method (following XAPI's Status/Value envelope), answers GETs on
 * other paths with a scripted handler, and records every call.
 */
public final class FakeXapi implements AutoCloseable {

    /** What a scripted method returns: an envelope object, or a raw body to send as is. */
    public sealed interface Reply {
    }

    public record Envelope(Object envelope) implements Reply {
    }

    public record RawBody(int status, String body) implements Reply {
    }

    private final HttpServer server;
    private final Map<String, Function<XmlRpcText.Call, Reply>> methods = new ConcurrentHashMap<>();
    private final Map<String, Function<URI, RawBody>> getHandlers = new ConcurrentHashMap<>();
    private final List<XmlRpcText.Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final String scheme;

    private FakeXapi(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // Defaults every XAPI host has: login hands out fresh refs, logout succeeds.
        onMethod("session.login_with_password", call -> success("OpaqueRef:session-" + sessions.incrementAndGet()));
        onMethod("session.logout", call -> success(""));
        server.start();
    }

    public static FakeXapi start(String loopbackAddress, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(loopbackAddress), port), 50);
            return new FakeXapi(s, "http");
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind fake XAPI on " + loopbackAddress + ":" + port, e);
        }
    }

    public static FakeXapi start() {
        return start("127.0.0.1", 0);
    }

    public static FakeXapi startTls(String loopbackAddress, SSLContext tls) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0), 50);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new FakeXapi(s, "https");
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind fake XAPI (TLS) on " + loopbackAddress, e);
        }
    }

    public static Reply success(Object value) {
        return new Envelope(Map.of("Status", "Success", "Value", value));
    }

    public static Reply failure(String... errorDescription) {
        return new Envelope(Map.of("Status", "Failure", "ErrorDescription", List.of(errorDescription)));
    }

    public FakeXapi onMethod(String method, Function<XmlRpcText.Call, Reply> reply) {
        methods.put(method, reply);
        return this;
    }

    public FakeXapi onGet(String path, Function<URI, RawBody> handler) {
        getHandlers.put(path, handler);
        return this;
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        return URI.create(scheme + "://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<XmlRpcText.Call> calls() {
        return List.copyOf(calls);
    }

    public List<XmlRpcText.Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public int logins() {
        return sessions.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                Function<URI, RawBody> h = getHandlers.get(exchange.getRequestURI().getPath());
                RawBody body = h == null ? new RawBody(404, "not found") : h.apply(exchange.getRequestURI());
                send(exchange, body.status(), body.body(), "text/xml");
                return;
            }
            XmlRpcText.Call call = XmlRpcText.parseCall(exchange.getRequestBody().readAllBytes());
            calls.add(call);
            Function<XmlRpcText.Call, Reply> handler = methods.get(call.method());
            Reply reply = handler == null ? failure("MESSAGE_METHOD_UNKNOWN", call.method()) : handler.apply(call);
            switch (reply) {
                case Envelope e -> send(exchange, 200, XmlRpcText.response(e.envelope()), "text/xml");
                case RawBody r -> send(exchange, r.status(), r.body(), "text/xml");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
