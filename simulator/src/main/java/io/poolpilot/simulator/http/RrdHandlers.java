package io.poolpilot.simulator.http;

import io.poolpilot.simulator.fault.FaultState;
import io.poolpilot.simulator.metrics.HostSnapshot;
import io.poolpilot.simulator.metrics.RrdArchive;
import io.poolpilot.simulator.metrics.RrdUpdates;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.Tasks;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's metrics downloads: {@code GET /rrd_updates}, {@code GET /host_rrd} and {@code GET /vm_rrd?uuid=}.
 * As xapi, each accepts a session_id (query parameter or cookie) or HTTP Basic credentials, and a
 * {@code task_id} (Xen Orchestra makes one with task.create) that succeeds or fails with the download.
 * A VM resident on another host is redirected there, as xapi's rrdd proxy does.
 */
final class RrdHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(RrdHandlers.class);
    /** Above this many values a render goes to a worker so it cannot stall the event loop. */
    private static final long INLINE_RENDER_LIMIT = 40_000;

    private final Vertx vertx;
    private final PoolState pool;
    private final String hostRef;
    private final String hostName;
    private final FaultState faults;
    private final Function<String, HostSnapshot> snapshots;
    private final int rrdRowsKept;
    private final ServiceTimes rrdTimes;

    RrdHandlers(Vertx vertx, PoolState pool, String hostRef, String hostName, FaultState faults,
                Function<String, HostSnapshot> snapshots, int rrdRowsKept, ServiceTimes rrdTimes) {
        this.vertx = vertx;
        this.pool = pool;
        this.hostRef = hostRef;
        this.hostName = hostName;
        this.faults = faults;
        this.snapshots = snapshots;
        this.rrdRowsKept = rrdRowsKept;
        this.rrdTimes = rrdTimes;
    }

    void rrdUpdates(HttpServerRequest req) {
        long began = System.nanoTime();
        Access access = authorise(req);
        if (!access.granted()) {
            return;
        }
        XObject task = access.task();
        RrdUpdates.Query q;
        try {
            q = new RrdUpdates.Query(parseLong(req.getParam("start"), 0), parseLong(req.getParam("interval"), 5),
                    "true".equalsIgnoreCase(req.getParam("host")), json(req), req.getParam("vm_uuid"));
        } catch (NumberFormatException e) {
            fail(req, task, 400, "start and interval are whole seconds\n");
            return;
        }
        HostSnapshot snapshot = snapshots.apply(hostRef);
        long now = pool.now().getEpochSecond();
        long start = pool.clock().start().getEpochSecond();
        var garble = faults.garbledFor(hostName);
        long values = (long) rrdRowsKept * (snapshot.vms().size() * 16L + snapshot.cores() + 8);
        boolean inline = values <= INLINE_RENDER_LIMIT || now - q.start() <= 30;
        answer(req, task, q.json(), inline, () -> RrdUpdates.render(snapshot, q, now, start, rrdRowsKept, garble), began);
    }

    void hostRrd(HttpServerRequest req) {
        Access access = authorise(req);
        if (!access.granted()) {
            return;
        }
        XObject task = access.task();
        HostSnapshot snapshot = snapshots.apply(hostRef);
        long now = pool.now().getEpochSecond();
        long start = pool.clock().start().getEpochSecond();
        boolean json = json(req);
        answer(req, task, json, false, () -> RrdArchive.host(snapshot, now, start, json), -1);
    }

    void vmRrd(HttpServerRequest req) {
        Access access = authorise(req);
        if (!access.granted()) {
            return;
        }
        XObject task = access.task();
        String uuid = req.getParam("uuid");
        String residentOn;
        synchronized (pool) {
            XObject vm;
            try {
                vm = uuid == null ? null : pool.byUuid("VM", uuid);
            } catch (XapiException e) {
                vm = null;
            }
            if (vm == null) {
                fail(req, task, 404, "vm_rrd: no VM with uuid=" + uuid + "\n");
                return;
            }
            residentOn = vm.str("resident_on");
        }
        if (!residentOn.equals(hostRef)) {
            var other = pool.host(residentOn);
            if (other == null) {
                fail(req, task, 404, "vm_rrd: VM " + uuid + " is not running, and this simulator keeps no archived RRDs\n");
                return;
            }
            String location = "http://" + other.address() + ":" + req.localAddress().port() + req.uri();
            req.response().setStatusCode(302).putHeader("location", location).end();
            return;
        }
        HostSnapshot snapshot = snapshots.apply(hostRef);
        long now = pool.now().getEpochSecond();
        long start = pool.clock().start().getEpochSecond();
        boolean json = json(req);
        answer(req, task, json, false, () -> RrdArchive.vm(snapshot, uuid, now, start, json), -1);
    }

    /** Whether the request may go on (a refusal is already answered), and the task named by task_id, or null. */
    private record Access(boolean granted, XObject task) {
    }

    /** Checks the credentials; answers 401 when they are missing or wrong. */
    private Access authorise(HttpServerRequest req) {
        boolean ok = pool.validSession(req.getParam("session_id"));
        if (!ok) {
            Cookie cookie = req.getCookie("session_id");
            ok = cookie != null && pool.validSession(cookie.getValue());
        }
        if (!ok) {
            ok = basicCredentialsValid(req.getHeader("authorization"));
        }
        if (!ok) {
            req.response().setStatusCode(401).putHeader("www-authenticate", "Basic realm=\"xapi\"")
                    .putHeader("content-type", "text/plain")
                    .end(req.path().substring(1) + " needs a valid session_id or HTTP Basic credentials\n");
            return new Access(false, null);
        }
        String taskId = req.getParam("task_id");
        if (taskId == null || taskId.isEmpty()) {
            return new Access(true, null);
        }
        synchronized (pool) {
            XObject t = pool.find(taskId);
            return new Access(true, t != null && t.xapiClass().equals("task") ? t : null);
        }
    }

    private boolean basicCredentialsValid(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && pool.credentialsValid(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private void answer(HttpServerRequest req, XObject task, boolean json, boolean inline, Callable<String> render,
                        long began) {
        String type = json ? "application/json" : "text/xml";
        if (inline) {
            try {
                done(req, task, type, render.call(), began);
            } catch (Exception e) {
                LOG.warn("rrd render failed host={} path={}", hostName, req.path(), e);
                fail(req, task, 500, "render failed\n");
            }
            return;
        }
        vertx.executeBlocking(render, false).onComplete(ar -> {
            if (ar.succeeded()) {
                done(req, task, type, ar.result(), began);
            } else {
                LOG.warn("rrd render failed host={} path={}", hostName, req.path(), ar.cause());
                fail(req, task, 500, "render failed\n");
            }
        });
    }

    private void done(HttpServerRequest req, XObject task, String type, String body, long began) {
        req.response().putHeader("content-type", type).end(body);
        if (began >= 0) {
            rrdTimes.record(System.nanoTime() - began);
        }
        if (task != null) {
            Tasks.succeed(pool, task, null);
        }
    }

    private void fail(HttpServerRequest req, XObject task, int status, String message) {
        req.response().setStatusCode(status).putHeader("content-type", "text/plain").end(message);
        if (task != null) {
            Tasks.fail(pool, task, new XapiException("INTERNAL_ERROR", message.trim()));
        }
    }

    private static boolean json(HttpServerRequest req) {
        return "true".equalsIgnoreCase(req.getParam("json"));
    }

    private static long parseLong(String v, long fallback) {
        return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
    }
}
