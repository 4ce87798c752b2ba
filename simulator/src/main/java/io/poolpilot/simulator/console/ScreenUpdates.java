package io.poolpilot.simulator.console;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;

/**
 * What one viewer has been sent of a {@link TextScreen}, and the RFB server messages that bring it up to date:
 * a FramebufferUpdate of the changed rows within a requested rectangle (Raw encoding), and the BGR233
 * SetColourMapEntries for a colour-map viewer (RFC 6143 7.6.1, 7.6.2).
 */
final class ScreenUpdates {
    private static final int ENCODING_RAW = 0;

    private final TextScreen screen;
    /** The version of each row as last sent in full; -1 when it must be sent again. */
    private final long[] sent = new long[TextScreen.ROWS];

    ScreenUpdates(TextScreen screen) {
        this.screen = screen;
        forget();
    }

    /** The viewer's copy is void (a non-incremental request, a new pixel format). */
    void forget() {
        Arrays.fill(sent, -1);
    }

    /** The update for the rows that changed within x, y, w, h, or null when none did. */
    Buffer update(PixelFormat format, int reqX, int reqY, int reqW, int reqH) {
        int x0 = Math.min(reqX, TextScreen.WIDTH);
        int x1 = Math.min(reqX + reqW, TextScreen.WIDTH);
        int y0 = Math.min(reqY, TextScreen.HEIGHT);
        int y1 = Math.min(reqY + reqH, TextScreen.HEIGHT);
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        Buffer rects = Buffer.buffer();
        int count = 0;
        PixelFormat out = format.effective();
        for (int r = y0 / Font8x8.HEIGHT; r * Font8x8.HEIGHT < y1; r++) {
            long version = screen.rowVersion(r);
            if (sent[r] == version) {
                continue;
            }
            int[] pixels = screen.renderRow(r);
            int top = Math.max(y0, r * Font8x8.HEIGHT);
            int bottom = Math.min(y1, (r + 1) * Font8x8.HEIGHT);
            rects.appendUnsignedShort(x0).appendUnsignedShort(top).appendUnsignedShort(x1 - x0)
                    .appendUnsignedShort(bottom - top).appendInt(ENCODING_RAW);
            for (int y = top; y < bottom; y++) {
                int base = (y - r * Font8x8.HEIGHT) * TextScreen.WIDTH;
                for (int x = x0; x < x1; x++) {
                    out.append(rects, pixels[base + x]);
                }
            }
            // Only a whole row counts as sent: a partial request leaves the rest to send later.
            if (top == r * Font8x8.HEIGHT && bottom == (r + 1) * Font8x8.HEIGHT && x0 == 0 && x1 == TextScreen.WIDTH) {
                sent[r] = version;
            }
            count++;
        }
        if (count == 0) {
            return null;
        }
        return Buffer.buffer().appendByte((byte) 0).appendByte((byte) 0).appendUnsignedShort(count).appendBuffer(rects);
    }

    /** SetColourMapEntries with the 256 BGR233 colours a colour-map viewer's pixels index. */
    static Buffer colourMap() {
        Buffer map = Buffer.buffer().appendByte((byte) 1).appendByte((byte) 0).appendUnsignedShort(0)
                .appendUnsignedShort(256);
        for (int i = 0; i < 256; i++) {
            int r = i & 7;
            int g = (i >> 3) & 7;
            int b = (i >> 6) & 3;
            map.appendUnsignedShort(r * 65535 / 7).appendUnsignedShort(g * 65535 / 7).appendUnsignedShort(b * 65535 / 3);
        }
        return map;
    }
}
