package io.poolpilot.simulator.http;

import io.poolpilot.simulator.console.ConsoleServer;
import io.poolpilot.simulator.fault.Fault;
import io.poolpilot.simulator.fault.FaultState;
import io.poolpilot.simulator.metrics.HostSnapshot;
import io.poolpilot.simulator.metrics.RrdUpdates;
import io.poolpilot.simulator.rpc.Dispatcher;
import io.poolpilot.simulator.rpc.JsonRpcCodec;
import io.poolpilot.simulator.rpc.XmlRpcCodec;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.XapiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated host's HTTP endpoint on its own loopback address: XML-RPC on POST /, JSON-RPC on
 * POST /jsonrpc (both answered by the master only; others say HOST_IS_SLAVE) and GET /rrd_updates for
 * itself and its resident VMs, CONNECT /console for its resident VMs' consoles (RFB). Applies the call-level faults (drops, delays, hangs, garbled rows).
 */
public final class HostServer {
    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);
    /** Above this many values a render goes to a worker so it cannot stall the event loop. */
    private static final long INLINE_RENDER_LIMIT = 40_000;

    private final Vertx vertx;
    private final PoolState pool;
    private final Dispatcher api;
    private final String hostRef;
    private final String hostName;
    private final String address;
    private final FaultState faults;
    private final Function<String, HostSnapshot> snapshots;
    private final int rrdRowsKept;
    private final ServiceTimes rrdTimes;
    private final ConsoleServer consoles;
    private final AtomicLong requests = new AtomicLong();
    private volatile HttpServer server;

    public HostServer(Vertx vertx, PoolState pool, Dispatcher api, String hostRef, String hostName, String address,
                      FaultState faults, Function<String, HostSnapshot> snapshots, int rrdRowsKept,
                      ServiceTimes rrdTimes, ConsoleServer consoles) {
        this.vertx = vertx;
        this.pool = pool;
        this.api = api;
        this.hostRef = hostRef;
        this.hostName = hostName;
        this.address = address;
        this.faults = faults;
        this.snapshots = snapshots;
        this.rrdRowsKept = rrdRowsKept;
        this.rrdTimes = rrdTimes;
        this.consoles = consoles;
    }

    public String address() {
        return address;
    }

    public long requestCount() {
        return requests.get();
    }

    public boolean listening() {
        return server != null;
    }

    public synchronized Future<Void> listen(int port) {
        if (server != null) {
            return Future.succeededFuture();
        }
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(address).setPort(port)
                .setReuseAddress(true).setIdleTimeout(0)
                // xapi speaks HTTP/1.1 only; refusing h2c upgrades keeps clients (the JDK's) on HTTP/1.1.
                .setHttp2ClearTextEnabled(false));
        s.requestHandler(this::handle);
        return s.listen().map(bound -> {
            synchronized (this) {
                server = bound;
            }
            return null;
        });
    }

    /** Stops listening and drops every open connection (a crash, or shutdown). */
    public synchronized Future<Void> close() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private void handle(HttpServerRequest req) {
        requests.incrementAndGet();
        if (faults.takeDrop(hostName)) {
            LOG.info("fault=drop-connections host={} path={}", hostName, req.path());
            req.connection().close();
            return;
        }
        Context context = vertx.getOrCreateContext();
        String path = req.path();
        // XML-RPC on "/" (XenAPI.py, our client), "/RPC2" and "/xmlrpc" (Xen Orchestra's xen-api connector).
        if (req.method() == HttpMethod.POST && (path.equals("/") || path.equals("/RPC2") || path.equals("/xmlrpc")
                || path.equals("/jsonrpc"))) {
            boolean json = path.equals("/jsonrpc");
            req.body().onSuccess(body -> rpc(req, body.getBytes(), json, context))
                    .onFailure(e -> req.response().setStatusCode(400).end());
        } else if (req.method() == HttpMethod.CONNECT && path.equals("/console")) {
            consoles.connect(req, hostRef);
        } else if (req.method() == HttpMethod.GET && path.equals("/rrd_updates")) {
            delayed(req, "rrd_updates", () -> rrdUpdates(req));
        } else {
            req.response().setStatusCode(404).putHeader("content-type", "text/plain").end("not found: " + path + "\n");
        }
    }

    private void rpc(HttpServerRequest req, byte[] body, boolean json, Context context) {
        String method;
        List<Object> params;
        JsonRpcCodec.Request jsonReq = null;
        try {
            if (json) {
                jsonReq = JsonRpcCodec.parse(body);
                method = jsonReq.method();
                params = jsonReq.params();
            } else {
                XmlRpcCodec.MethodCall call = XmlRpcCodec.parseCall(body);
                method = call.method();
                params = call.params();
            }
        } catch (XmlRpcCodec.MalformedCall e) {
            // xapi answers a request it cannot parse with HTTP 500 and an HTML page, not an RPC failure.
            req.response().setStatusCode(500).putHeader("content-type", "text/html")
                    .end("<html><body><h1>HTTP 500 internal server error</h1>" + escapeHtml(e.getMessage())
                            + "</body></html>");
            return;
        }
        JsonRpcCodec.Request jr = jsonReq;
        delayed(req, method, () -> {
            Future<Object> result;
            if (!pool.masterRef().equals(hostRef)) {
                var master = pool.master();
                result = Future.failedFuture(new XapiException("HOST_IS_SLAVE", master == null ? "" : master.address()));
            } else if (faults.takeBusy(method)) {
                LOG.info("fault=busy host={} method={}", hostName, method);
                Object object = params.size() > 1 ? params.get(1) : "";
                result = Future.failedFuture(new XapiException("OTHER_OPERATION_IN_PROGRESS",
                        method.replace("Async.", "").split("\\.")[0], String.valueOf(object)));
            } else {
                result = api.dispatch(method, params, context);
            }
            result.onComplete(ar -> context.runOnContext(v -> {
                String answer;
                if (ar.succeeded()) {
                    answer = json ? JsonRpcCodec.success(jr, ar.result()) : XmlRpcCodec.success(ar.result());
                } else {
                    List<String> error = Dispatcher.toXapi(ar.cause()).errorDescription();
                    answer = json ? JsonRpcCodec.failure(jr, error) : XmlRpcCodec.failure(error);
                }
                if (!req.response().ended() && !req.response().closed()) {
                    req.response().putHeader("content-type", json ? "application/json" : "text/xml").end(answer);
                }
            }));
        });
    }

    /** Runs the work now, later (slow-calls) or never (hang), as the faults say. */
    private void delayed(HttpServerRequest req, String method, Runnable work) {
        Optional<Fault.SlowCalls> slow = faults.slowCallFor(method);
        if (slow.isEmpty()) {
            work.run();
        } else if (slow.get().hang()) {
            LOG.info("fault=hang host={} method={}", hostName, method);
            // Never answered: the connection stays open until the client gives up or the host closes.
        } else {
            vertx.setTimer(slow.get().delayMillis(), id -> work.run());
        }
    }

    private void rrdUpdates(HttpServerRequest req) {
        long began = System.nanoTime();
        if (!pool.validSession(req.getParam("session_id"))) {
            req.response().setStatusCode(401).putHeader("content-type", "text/plain")
                    .end("rrd_updates needs a valid session_id\n");
            return;
        }
        RrdUpdates.Query q;
        try {
            q = new RrdUpdates.Query(parseLong(req.getParam("start"), 0), parseLong(req.getParam("interval"), 5),
                    "true".equalsIgnoreCase(req.getParam("host")), "true".equalsIgnoreCase(req.getParam("json")),
                    req.getParam("vm_uuid"));
        } catch (NumberFormatException e) {
            req.response().setStatusCode(400).putHeader("content-type", "text/plain")
                    .end("start and interval are whole seconds\n");
            return;
        }
        HostSnapshot snapshot = snapshots.apply(hostRef);
        long now = pool.now().getEpochSecond();
        long start = pool.clock().start().getEpochSecond();
        var garble = faults.garbledFor(hostName);
        long values = (long) rrdRowsKept * (snapshot.vms().size() * 16L + snapshot.cores() + 8);
        String type = q.json() ? "application/json" : "text/xml";
        if (values <= INLINE_RENDER_LIMIT || now - q.start() <= 30) {
            req.response().putHeader("content-type", type)
                    .end(RrdUpdates.render(snapshot, q, now, start, rrdRowsKept, garble));
            rrdTimes.record(System.nanoTime() - began);
        } else {
            vertx.executeBlocking(() -> RrdUpdates.render(snapshot, q, now, start, rrdRowsKept, garble), false)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            req.response().putHeader("content-type", type).end(ar.result());
                            rrdTimes.record(System.nanoTime() - began);
                        } else {
                            LOG.warn("rrd_updates render failed host={}", hostName, ar.cause());
                            req.response().setStatusCode(500).end();
                        }
                    });
        }
    }

    private static String escapeHtml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static long parseLong(String v, long fallback) {
        return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
    }
}
