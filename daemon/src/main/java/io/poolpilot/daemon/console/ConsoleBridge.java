package io.poolpilot.daemon.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One open console: bytes both ways between the viewer's WebSocket (binary messages) and the host's console
 * socket, with back-pressure each way (a slow side pauses the other, nothing is buffered without bound), the
 * idle timeout on the person's input, and a check every second that the VM still runs where it ran. All on
 * the WebSocket's event loop.
 */
final class ConsoleBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBridge.class);
    private static final long CHECK_MILLIS = 1000;
    private static final long EXPLAIN_MILLIS = 5000;
    private static final long EXPLAIN_POLL_MILLIS = 100;
    /** The longest close reason a WebSocket close frame carries (125 bytes less the code). */
    private static final int MAX_REASON_BYTES = 123;

    /** Where the VM is now, as the daemon's inventory says: null when it is not running. */
    interface Placement extends Supplier<String> {
    }

    private final Vertx vertx;
    private final ServerWebSocket viewer;
    private final NetSocket host;
    private final ConsoleTickets.Grant grant;
    private final Duration idleTimeout;
    private final ConsoleMetrics metrics;
    private final Placement placement;
    private final String hostAtStart;
    private final Runnable onEnd;
    private final ViewerInput input = new ViewerInput();
    private long lastInputNanos = System.nanoTime();
    private long timer = -1;
    private boolean ended;
    /** When the host's socket closed (0 while open): the inventory may learn why a moment later. */
    private long hostClosedNanos;

    ConsoleBridge(Vertx vertx, ServerWebSocket viewer, NetSocket host, ConsoleTickets.Grant grant, Duration idleTimeout,
                  ConsoleMetrics metrics, Placement placement, String hostAtStart, Runnable onEnd) {
        this.vertx = vertx;
        this.viewer = viewer;
        this.host = host;
        this.grant = grant;
        this.idleTimeout = idleTimeout;
        this.metrics = metrics;
        this.placement = placement;
        this.hostAtStart = hostAtStart;
        this.onEnd = onEnd;
    }

    void start(Buffer early) {
        viewer.handler(data -> {
            metrics.fromViewer(data.length());
            if (input.offer(data)) {
                lastInputNanos = System.nanoTime();
            }
            host.write(data);
            if (host.writeQueueFull()) {
                viewer.pause();
                host.drainHandler(v -> viewer.resume());
            }
        });
        host.handler(data -> {
            metrics.toViewer(data.length());
            viewer.writeBinaryMessage(data);
            if (viewer.writeQueueFull()) {
                host.pause();
                viewer.drainHandler(v -> host.resume());
            }
        });
        viewer.closeHandler(v -> end(CloseReason.VIEWER, null));
        viewer.exceptionHandler(e -> LOG.debug("console viewer error vm={}: {}", grant.vmUuid(), e.toString()));
        host.closeHandler(v -> hostClosed());
        host.exceptionHandler(e -> LOG.debug("console host error vm={}: {}", grant.vmUuid(), e.toString()));
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
        if (early.length() > 0) {
            metrics.toViewer(early.length());
            viewer.writeBinaryMessage(early);
        }
        host.resume();
        viewer.resume();
    }

    /** Ends the console (the daemon is stopping, say); safe to call more than once. */
    void end(CloseReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        vertx.cancelTimer(timer);
        metrics.closed(reason.tag);
        LOG.info("event=console_closed vm={} pool={} actor={} reason={}", grant.vmUuid(), grant.poolId(), grant.actor(),
                reason.tag);
        host.close();
        if (!viewer.isClosed()) {
            viewer.close(reason.code, reason(reason, detail));
        }
        onEnd.run();
    }

    static String reason(CloseReason reason, String detail) {
        String text = detail == null ? reason.text : reason.text + ": " + detail;
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return bytes.length <= MAX_REASON_BYTES ? text
                : new String(bytes, 0, MAX_REASON_BYTES - 3, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }

    /**
     * The host ended the console: the VM halted, rebooted or moved, or the host failed. The daemon's inventory
     * (XAPI's events) says which within a moment, so the viewer is told then, or after {@link #EXPLAIN_MILLIS}.
     */
    private void hostClosed() {
        if (ended || hostClosedNanos != 0) {
            return;
        }
        hostClosedNanos = System.nanoTime();
        vertx.cancelTimer(timer);
        timer = vertx.setPeriodic(EXPLAIN_POLL_MILLIS, id -> {
            String now = placement.get();
            if (now == null) {
                end(CloseReason.VM_NOT_RUNNING, null);
            } else if (!now.equals(hostAtStart)) {
                end(CloseReason.VM_MOVED, null);
            } else if (System.nanoTime() - hostClosedNanos > EXPLAIN_MILLIS * 1_000_000) {
                end(CloseReason.CONSOLE_ENDED, null);
            }
        });
    }

    private void check() {
        if (System.nanoTime() - lastInputNanos > idleTimeout.toNanos()) {
            end(CloseReason.IDLE, null);
            return;
        }
        String now = placement.get();
        if (now == null) {
            end(CloseReason.VM_NOT_RUNNING, null);
        } else if (!now.equals(hostAtStart)) {
            end(CloseReason.VM_MOVED, null);
        }
    }
}
