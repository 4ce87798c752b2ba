package io.poolpilot.simulator.console;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * One viewer of a VM's console: the server side of RFB (RFC 6143) on a socket that a CONNECT handed over.
 * Speaks 3.8, 3.7 and 3.3 (whichever the viewer answers), security type None, Raw encoding in any
 * true-colour pixel format (or a BGR233 colour map), incremental updates of the rows that changed
 * ({@link ScreenUpdates}), and key events into the {@link TextScreen}. Everything runs on the socket's context.
 */
final class RfbSession {
    private static final Logger LOG = LoggerFactory.getLogger(RfbSession.class);
    private static final byte[] SERVER_VERSION = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SECURITY_NONE = 1;

    private enum Phase { VERSION, SECURITY, CLIENT_INIT, NORMAL, CLOSED }

    private final NetSocket socket;
    private final Context context;
    private final TextScreen screen;
    private final String consoleRef;
    private final ConsoleServer server;
    private Buffer pending = Buffer.buffer();
    private Phase phase = Phase.VERSION;
    private int minor;
    private PixelFormat format = PixelFormat.SERVER;
    private boolean updateRequested;
    private int reqX;
    private int reqY;
    private int reqW;
    private int reqH;
    private final ScreenUpdates updates;

    RfbSession(NetSocket socket, Context context, TextScreen screen, String consoleRef, ConsoleServer server) {
        this.socket = socket;
        this.context = context;
        this.screen = screen;
        this.consoleRef = consoleRef;
        this.server = server;
        this.updates = new ScreenUpdates(screen);
    }

    TextScreen screen() {
        return screen;
    }

    String consoleRef() {
        return consoleRef;
    }

    void start() {
        socket.handler(this::received);
        socket.closeHandler(v -> {
            phase = Phase.CLOSED;
            server.closed(this);
        });
        socket.exceptionHandler(e -> LOG.debug("console={} socket error: {}", consoleRef, e.toString()));
        socket.write(Buffer.buffer(SERVER_VERSION));
    }

    /** The screen changed: send what changed if the viewer is waiting for it (any thread). */
    void screenChanged() {
        context.runOnContext(v -> flush());
    }

    /** The console ended (the VM halted or moved): the viewer sees the connection close (any thread). */
    void end() {
        context.runOnContext(v -> socket.close());
    }

    private void received(Buffer data) {
        pending = pending.length() == 0 ? data.copy() : pending.appendBuffer(data);
        int used;
        try {
            while (phase != Phase.CLOSED && (used = step(pending)) > 0) {
                pending = pending.getBuffer(used, pending.length());
            }
        } catch (ProtocolError e) {
            LOG.info("console={} viewer broke the protocol: {}", consoleRef, e.getMessage());
            phase = Phase.CLOSED;
            socket.close();
        }
    }

    /** Consumes one message from the front of {@code b}; answers how many bytes, 0 when it is not all there yet. */
    private int step(Buffer b) {
        return switch (phase) {
            case VERSION -> version(b);
            case SECURITY -> b.length() < 1 ? 0 : chooseSecurity(b.getUnsignedByte(0));
            case CLIENT_INIT -> b.length() < 1 ? 0 : clientInit();
            case NORMAL -> message(b);
            case CLOSED -> 0;
        };
    }

    private int version(Buffer b) {
        if (b.length() < 12) {
            return 0;
        }
        String v = b.getString(0, 12, "US-ASCII");
        if (!v.matches("RFB \\d{3}\\.\\d{3}\n")) {
            throw new ProtocolError("not an RFB ProtocolVersion: " + v.strip());
        }
        int major = Integer.parseInt(v.substring(4, 7));
        int m = Integer.parseInt(v.substring(8, 11));
        // RFC 6143 7.1.1: versions other than 3.3, 3.7 and 3.8 are taken as 3.3 (3.889 is Apple's 3.8).
        minor = major > 3 || m >= 8 ? 8 : m == 7 ? 7 : 3;
        if (minor == 3) {
            // 3.3: the server decides, as a 32-bit type; None has no SecurityResult.
            socket.write(Buffer.buffer().appendInt(SECURITY_NONE));
            phase = Phase.CLIENT_INIT;
        } else {
            socket.write(Buffer.buffer().appendByte((byte) 1).appendByte((byte) SECURITY_NONE));
            phase = Phase.SECURITY;
        }
        return 12;
    }

    private int chooseSecurity(int type) {
        if (type != SECURITY_NONE) {
            if (minor == 8) {
                String reason = "only security type None (1) is offered";
                socket.write(Buffer.buffer().appendInt(1).appendInt(reason.length()).appendString(reason));
            }
            throw new ProtocolError("viewer chose security type " + type);
        }
        if (minor == 8) {
            socket.write(Buffer.buffer().appendInt(0));
        }
        phase = Phase.CLIENT_INIT;
        return 1;
    }

    private int clientInit() {
        byte[] name = screen.vmName().getBytes(StandardCharsets.UTF_8);
        Buffer init = Buffer.buffer().appendUnsignedShort(TextScreen.WIDTH).appendUnsignedShort(TextScreen.HEIGHT);
        PixelFormat.SERVER.write(init);
        socket.write(init.appendInt(name.length).appendBytes(name));
        phase = Phase.NORMAL;
        return 1;
    }

    private int message(Buffer b) {
        if (b.length() == 0) {
            return 0;
        }
        int type = b.getUnsignedByte(0);
        switch (type) {
            case 0 -> { // SetPixelFormat
                if (b.length() < 20) {
                    return 0;
                }
                try {
                    format = PixelFormat.read(b, 4);
                } catch (IllegalArgumentException e) {
                    throw new ProtocolError(e.getMessage());
                }
                if (!format.trueColour()) {
                    socket.write(ScreenUpdates.colourMap());
                }
                updates.forget();
                return 20;
            }
            case 2 -> { // SetEncodings: Raw is always understood, so the list changes nothing here
                if (b.length() < 4) {
                    return 0;
                }
                int length = 4 + 4 * b.getUnsignedShort(2);
                return b.length() < length ? 0 : length;
            }
            case 3 -> { // FramebufferUpdateRequest
                if (b.length() < 10) {
                    return 0;
                }
                boolean incremental = b.getByte(1) != 0;
                reqX = b.getUnsignedShort(2);
                reqY = b.getUnsignedShort(4);
                reqW = b.getUnsignedShort(6);
                reqH = b.getUnsignedShort(8);
                if (!incremental) {
                    updates.forget();
                }
                updateRequested = true;
                flush();
                return 10;
            }
            case 4 -> { // KeyEvent
                if (b.length() < 8) {
                    return 0;
                }
                if (screen.key((int) b.getUnsignedInt(4), b.getByte(1) != 0)) {
                    server.changed(screen);
                }
                return 8;
            }
            case 5 -> { // PointerEvent: the text screen has no pointer
                return b.length() < 6 ? 0 : 6;
            }
            case 6 -> { // ClientCutText; a negative length is the extended clipboard's (RFB community extension)
                if (b.length() < 8) {
                    return 0;
                }
                long length = Math.abs((long) b.getInt(4));
                if (length > 1 << 20) {
                    throw new ProtocolError("ClientCutText of " + length + " bytes (limit 1 MiB)");
                }
                return b.length() < 8 + length ? 0 : (int) (8 + length);
            }
            default -> throw new ProtocolError("unknown client message type " + type);
        }
    }

    /** Sends the rows that changed within the requested rectangle, if the viewer asked for an update. */
    private void flush() {
        if (!updateRequested || phase != Phase.NORMAL) {
            return;
        }
        Buffer update = updates.update(format, reqX, reqY, reqW, reqH);
        if (update != null) {
            updateRequested = false;
            socket.write(update);
        }
    }

    private static final class ProtocolError extends RuntimeException {
        ProtocolError(String message) {
            super(message, null, false, false);
        }
    }
}
