package io.poolpilot.simulator.http;

import io.poolpilot.simulator.console.ConsoleServer;
import io.poolpilot.simulator.fault.Fault;
import io.poolpilot.simulator.fault.FaultState;
import io.poolpilot.simulator.metrics.HostSnapshot;
import io.poolpilot.simulator.rpc.Dispatcher;
import io.poolpilot.simulator.rpc.JsonRpcCodec;
import io.poolpilot.simulator.rpc.XmlRpcCodec;
import io.poolpilot.simulator.rpc.XmlRpcWriter;
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
 * POST /jsonrpc (both answered by the master only; others say HOST_IS_SLAVE), the metrics downloads
 * (GET /rrd_updates, /host_rrd, /vm_rrd, see {@link RrdHandlers}) for itself and its resident VMs, and
 * CONNECT /console for its resident VMs' consoles (RFB, {@link ConsoleServer}). Applies the call-level faults
 * (drops, delays, hangs, garbled rows).
 */
public final class HostServer {
    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

    private final Vertx vertx;
    private final PoolState pool;
    private final Dispatcher api;
    private final String hostRef;
    private final String hostName;
    private final String address;
    private final FaultState faults;
    private final RrdHandlers rrd;
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
        this.rrd = new RrdHandlers(vertx, pool, hostRef, hostName, faults, snapshots, rrdRowsKept, rrdTimes);
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
            delayed(req, "rrd_updates", () -> rrd.rrdUpdates(req));
        } else if (req.method() == HttpMethod.GET && path.equals("/host_rrd")) {
            delayed(req, "host_rrd", () -> rrd.hostRrd(req));
        } else if (req.method() == HttpMethod.GET && path.equals("/vm_rrd")) {
            delayed(req, "vm_rrd", () -> rrd.vmRrd(req));
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
                    answer = json ? JsonRpcCodec.success(jr, ar.result())
                            : method.equals("system.listMethods") ? XmlRpcWriter.bare(ar.result())
                            : XmlRpcWriter.success(ar.result());
                } else {
                    List<String> error = Dispatcher.toXapi(ar.cause()).errorDescription();
                    answer = json ? JsonRpcCodec.failure(jr, error) : XmlRpcWriter.failure(error);
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

    private static String escapeHtml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
