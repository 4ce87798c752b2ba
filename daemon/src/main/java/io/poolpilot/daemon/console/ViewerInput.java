package io.poolpilot.daemon.console;

import io.vertx.core.buffer.Buffer;

/**
 * Follows the viewer's half of an RFB stream (RFC 6143) just far enough to tell a person's input (keys,
 * pointer, clipboard) from the update requests a viewer sends by itself, so the idle timeout measures the
 * person. Past a message it does not know it stops parsing and counts any later bytes as input.
 */
final class ViewerInput {
    private enum Phase { VERSION, SECURITY, CLIENT_INIT, MESSAGES, OPAQUE }

    private Phase phase = Phase.VERSION;
    private Buffer pending = Buffer.buffer();
    private boolean v33;

    /** Consumes bytes from the viewer; true when they held a key, pointer or clipboard event. */
    boolean offer(Buffer data) {
        if (phase == Phase.OPAQUE) {
            return true;
        }
        pending = pending.length() == 0 ? data.copy() : pending.appendBuffer(data);
        boolean input = false;
        while (true) {
            int used = step();
            if (used < 0) {
                input = true;
                used = -used;
            }
            if (used == 0) {
                break;
            }
            pending = pending.getBuffer(used, pending.length());
            if (phase == Phase.OPAQUE) {
                return true;
            }
        }
        return input;
    }

    /** Bytes of the next whole item (negative: it was input), 0 when it is not all there. */
    private int step() {
        Buffer b = pending;
        switch (phase) {
            case VERSION -> {
                if (b.length() < 12) {
                    return 0;
                }
                v33 = b.getString(0, 12, "US-ASCII").startsWith("RFB 003.003");
                phase = v33 ? Phase.CLIENT_INIT : Phase.SECURITY;
                return 12;
            }
            case SECURITY -> {
                if (b.length() < 1) {
                    return 0;
                }
                int type = b.getUnsignedByte(0);
                if (type == 1) {
                    phase = Phase.CLIENT_INIT;
                    return 1;
                }
                phase = Phase.OPAQUE;
                return 1;
            }
            case CLIENT_INIT -> {
                if (b.length() < 1) {
                    return 0;
                }
                phase = Phase.MESSAGES;
                return 1;
            }
            case MESSAGES -> {
                return message(b);
            }
            default -> {
                return 0;
            }
        }
    }

    private int message(Buffer b) {
        if (b.length() == 0) {
            return 0;
        }
        int type = b.getUnsignedByte(0);
        return switch (type) {
            case 0 -> b.length() < 20 ? 0 : 20;
            case 2 -> {
                if (b.length() < 4) {
                    yield 0;
                }
                int length = 4 + 4 * b.getUnsignedShort(2);
                yield b.length() < length ? 0 : length;
            }
            case 3 -> b.length() < 10 ? 0 : 10;
            case 4 -> b.length() < 8 ? 0 : -8;
            case 5 -> b.length() < 6 ? 0 : -6;
            case 6 -> {
                if (b.length() < 8) {
                    yield 0;
                }
                long length = 8 + Math.abs((long) b.getInt(4));
                yield b.length() < length ? 0 : (int) -length;
            }
            default -> {
                phase = Phase.OPAQUE;
                yield b.length();
            }
        };
    }
}
