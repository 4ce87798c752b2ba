package io.poolpilot.simulator.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The console's bitmap font: printable ASCII in 8x8 cells (the public-domain VGA-derived font8x8,
 * resources/console/font8x8.txt), drawn twice as tall on screen. Also what a test reads a screen back with.
 */
public final class Font8x8 {
    public static final int WIDTH = 8;
    /** Each font row is drawn on two pixel rows. */
    public static final int HEIGHT = 16;
    private static final char FIRST = 0x20;
    private static final char LAST = 0x7e;
    private static final byte[][] GLYPHS = load();

    private Font8x8() {
    }

    /** Whether the pixel at column x (0-7), row y (0-15) of the character's cell is ink; unknown characters draw as '?'. */
    public static boolean ink(char c, int x, int y) {
        byte[] glyph = GLYPHS[(c < FIRST || c > LAST ? '?' : c) - FIRST];
        return ((glyph[y / 2] >> x) & 1) != 0;
    }

    /** Whether the character has a glyph of its own. */
    public static boolean printable(char c) {
        return c >= FIRST && c <= LAST;
    }

    private static byte[][] load() {
        byte[][] glyphs = new byte[LAST - FIRST + 1][];
        try (InputStream in = Font8x8.class.getResourceAsStream("/console/font8x8.txt")) {
            if (in == null) {
                throw new IllegalStateException("console/font8x8.txt missing from the simulator's classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int i = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    glyphs[i++] = HexFormat.of().parseHex(line.strip());
                }
            }
            if (i != glyphs.length) {
                throw new IllegalStateException("console/font8x8.txt has " + i + " glyphs, expected " + glyphs.length);
            }
            return glyphs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
