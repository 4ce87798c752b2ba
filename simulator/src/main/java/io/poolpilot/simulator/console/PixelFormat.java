package io.poolpilot.simulator.console;

import io.vertx.core.buffer.Buffer;

/**
 * An RFB pixel format (RFC 6143 7.4): how a viewer wants each pixel written. True colour at 8, 16 or 32 bits
 * per pixel in either byte order; a colour-map format (true-colour-flag 0, 8 bits) gets a BGR233 map.
 */
record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour, int redMax, int greenMax,
                   int blueMax, int redShift, int greenShift, int blueShift) {
    /** What the server offers in ServerInit: 32 bits, depth 24, little-endian, 0x00RRGGBB. */
    static final PixelFormat SERVER = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);
    /** The colour map a colour-map viewer is sent: index = bb gg g rrr (BGR233). */
    static final PixelFormat BGR233 = new PixelFormat(8, 8, false, true, 7, 7, 3, 0, 3, 6);

    PixelFormat {
        if (bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 32) {
            throw new IllegalArgumentException("bits-per-pixel must be 8, 16 or 32 (RFC 6143 7.4), got " + bitsPerPixel);
        }
    }

    /** Reads the 16 bytes of a PIXEL_FORMAT at {@code offset}. */
    static PixelFormat read(Buffer b, int offset) {
        return new PixelFormat(b.getUnsignedByte(offset), b.getUnsignedByte(offset + 1), b.getByte(offset + 2) != 0,
                b.getByte(offset + 3) != 0, b.getUnsignedShort(offset + 4), b.getUnsignedShort(offset + 6),
                b.getUnsignedShort(offset + 8), b.getUnsignedByte(offset + 10), b.getUnsignedByte(offset + 11),
                b.getUnsignedByte(offset + 12));
    }

    void write(Buffer out) {
        out.appendByte((byte) bitsPerPixel).appendByte((byte) depth).appendByte((byte) (bigEndian ? 1 : 0))
                .appendByte((byte) (trueColour ? 1 : 0)).appendUnsignedShort(redMax).appendUnsignedShort(greenMax)
                .appendUnsignedShort(blueMax).appendByte((byte) redShift).appendByte((byte) greenShift)
                .appendByte((byte) blueShift).appendBytes(new byte[3]);
    }

    /** The format pixels are actually written in: a colour-map viewer gets BGR233 indices. */
    PixelFormat effective() {
        return trueColour ? this : BGR233;
    }

    /** Appends one 0xRRGGBB pixel in this (true-colour) format. */
    void append(Buffer out, int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int value = (r * redMax + 127) / 255 << redShift | (g * greenMax + 127) / 255 << greenShift
                | (b * blueMax + 127) / 255 << blueShift;
        switch (bitsPerPixel) {
            case 8 -> out.appendByte((byte) value);
            case 16 -> {
                if (bigEndian) {
                    out.appendUnsignedShort(value & 0xffff);
                } else {
                    out.appendUnsignedShortLE(value & 0xffff);
                }
            }
            default -> {
                if (bigEndian) {
                    out.appendInt(value);
                } else {
                    out.appendIntLE(value);
                }
            }
        }
    }
}
