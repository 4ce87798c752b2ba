package io.poolpilot.simulator.console;

import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.XObject;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consoles of one pool's VMs as XAPI serves them: {@code CONNECT /console?ref=...} (or {@code uuid=})
 * with a {@code session_id} (query or cookie) on the VM's resident host answers 200 and then speaks RFB on
 * the same connection; a bad session gets 401, an unknown console or one on another host 404. One
 * {@link TextScreen} per VM, shared by its viewers; its clock ticks every second. When a console ends (the
 * VM halted, rebooted or moved) its viewers' connections close, as the domain's VNC server would.
 */
public final class ConsoleServer {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Vertx vertx;
    private final PoolState pool;
    /** Screens by VM ref: a VM keeps its screen across a migration, loses it when it halts. */
    private final Map<String, TextScreen> screens = new ConcurrentHashMap<>();
    private final List<RfbSession> sessions = new CopyOnWriteArrayList<>();

    public ConsoleServer(Vertx vertx, PoolState pool) {
        this.vertx = vertx;
        this.pool = pool;
        pool.consoles().onEnd(this::ended);
        vertx.setPeriodic(1000, id -> tick());
    }

    /** Answers {@code CONNECT /console} on host {@code hostRef}. */
    public void connect(HttpServerRequest req, String hostRef) {
        String session = req.getParam("session_id");
        if (session == null) {
            Cookie cookie = req.getCookie("session_id");
            session = cookie == null ? null : cookie.getValue();
        }
        if (!pool.validSession(session)) {
            refuse(req, 401, "console needs a valid session_id (query parameter or cookie)");
            return;
        }
        String ref = req.getParam("ref");
        String uuid = req.getParam("uuid");
        XObject console;
        XObject vm;
        String hostName;
        synchronized (pool) {
            console = ref != null ? pool.find(ref) : uuid != null ? findByUuid(uuid) : null;
            if (console == null || !console.xapiClass().equals("console")) {
                refuse(req, 404, "no console " + (ref != null ? "ref=" + ref : uuid != null ? "uuid=" + uuid
                        : "named: give ref= or uuid="));
                return;
            }
            vm = pool.find(console.str("VM"));
            if (vm == null || !vm.str("resident_on").equals(hostRef)) {
                refuse(req, 404, "console " + console.uuid() + " is not on this host");
                return;
            }
            hostName = pool.find(hostRef).str("name_label");
        }
        String vmRef = vm.ref();
        String vmName = vm.str("name_label");
        TextScreen screen = screens.computeIfAbsent(vmRef, r -> new TextScreen(vmName, hostName, pool.now()));
        screen.movedTo(hostName);
        Context context = vertx.getOrCreateContext();
        String consoleRef = console.ref();
        req.toNetSocket().onSuccess(socket -> {
            RfbSession s = new RfbSession(socket, context, screen, consoleRef, this);
            sessions.add(s);
            LOG.info("event=console_opened pool={} vm={} console={}", pool.name(), vmName, consoleRef);
            s.start();
            // The console may have ended between the checks and the tunnel.
            if (pool.find(consoleRef) == null) {
                s.end();
            }
        }).onFailure(e -> LOG.warn("console tunnel failed console={}: {}", consoleRef, e.toString()));
    }

    /** Viewers connected now, for tests and the admin state. */
    public int viewers() {
        return sessions.size();
    }

    void closed(RfbSession s) {
        sessions.remove(s);
    }

    void changed(TextScreen screen) {
        for (RfbSession s : sessions) {
            if (s.screen() == screen) {
                s.screenChanged();
            }
        }
    }

    private XObject findByUuid(String uuid) {
        try {
            return pool.byUuid("console", uuid);
        } catch (io.poolpilot.simulator.state.XapiException e) {
            return null;
        }
    }

    /** Called under the pool's lock while a console is destroyed. */
    private void ended(String consoleRef) {
        for (RfbSession s : sessions) {
            if (s.consoleRef().equals(consoleRef)) {
                s.end();
            }
        }
        // Once the VM's change is done: a VM left without a console (halted) forgets its screen.
        vertx.runOnContext(v -> screens.keySet().removeIf(vmRef -> pool.consoles().of(vmRef) == null));
    }

    private void tick() {
        List<TextScreen> watched = new ArrayList<>();
        for (RfbSession s : sessions) {
            if (!watched.contains(s.screen())) {
                watched.add(s.screen());
            }
        }
        for (TextScreen screen : watched) {
            if (screen.tick(pool.now())) {
                changed(screen);
            }
        }
    }

    private static void refuse(HttpServerRequest req, int status, String message) {
        req.response().setStatusCode(status).putHeader("content-type", "text/plain").end(message + "\n");
    }
}
