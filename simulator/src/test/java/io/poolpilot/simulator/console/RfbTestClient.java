package io.poolpilot.simulator.console;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A small RFB viewer for tests (RFC 6143, written from the spec, not from the server): handshake at 3.8 or
 * 3.3 with security None, SetPixelFormat in noVNC's layout (32 bits, red in the low byte), Raw updates into a
 * framebuffer, key events, and reading the screen back as text by matching cells against the console font.
 */
public final class RfbTestClient implements AutoCloseable {
    private final DataInputStream in;
    private final OutputStream out;
    private final AutoCloseable transport;
    private int width;
    private int height;
    private String name;
    private int[] framebuffer;
    private String serverVersion;

    public RfbTestClient(InputStream in, OutputStream out, AutoCloseable transport) {
        this.in = new DataInputStream(new BufferedInputStream(in));
        this.out = out;
        this.transport = transport;
    }

    /**
     * Opens an XAPI console location the way XAPI clients do: {@code CONNECT /console?uuid=...&session_id=...}
     * to the location's host, then expects {@code 200} and hands back the socket, positioned at the RFB stream.
     * A refusal fails with the status line and body in the message.
     */
    public static Socket connect(URI location, String sessionRef) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(location.getHost(), location.getPort() == -1 ? 80 : location.getPort()), 5000);
        socket.setSoTimeout(10_000);
        String target = location.getRawPath() + "?" + location.getRawQuery() + "&session_id=" + sessionRef;
        socket.getOutputStream().write(("CONNECT " + target + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String status = line(in);
        String header;
        int length = 0;
        while (!(header = line(in)).isEmpty()) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        if (!status.matches("HTTP/1\\.[01] 200.*")) {
            byte[] body = in.readNBytes(length);
            socket.close();
            throw new IOException(status + ": " + new String(body, StandardCharsets.UTF_8).strip());
        }
        return socket;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed in the HTTP answer");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** ProtocolVersion, security None, ClientInit (shared), ServerInit, then SetPixelFormat and SetEncodings(Raw). */
    public RfbTestClient handshake(String version) throws IOException {
        serverVersion = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        if (!serverVersion.startsWith("RFB ")) {
            throw new IOException("not an RFB server: '" + serverVersion + "'");
        }
        out.write(("RFB 00" + version.charAt(0) + ".00" + version.charAt(2) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (version.equals("3.3")) {
            int type = in.readInt();
            if (type != 1) {
                throw new IOException("server chose security type " + type);
            }
        } else {
            int count = in.readUnsignedByte();
            if (count == 0) {
                throw new IOException("server refused: " + readString());
            }
            byte[] types = in.readNBytes(count);
            if (types[0] != 1) {
                throw new IOException("server does not offer None first: " + types[0]);
            }
            out.write(1);
            out.flush();
            int result = in.readInt();
            if (result != 0) {
                throw new IOException("security failed: " + readString());
            }
        }
        out.write(1);
        out.flush();
        width = in.readUnsignedShort();
        height = in.readUnsignedShort();
        in.readNBytes(16);
        name = readString();
        framebuffer = new int[width * height];
        ByteBuffer pf = ByteBuffer.allocate(20);
        pf.put((byte) 0).put(new byte[3]).put((byte) 32).put((byte) 24).put((byte) 0).put((byte) 1)
                .putShort((short) 255).putShort((short) 255).putShort((short) 255)
                .put((byte) 0).put((byte) 8).put((byte) 16).put(new byte[3]);
        out.write(pf.array());
        out.write(new byte[] {2, 0, 0, 1, 0, 0, 0, 0});
        out.flush();
        return this;
    }

    private String readString() throws IOException {
        int length = in.readInt();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    public String serverVersion() {
        return serverVersion;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public String name() {
        return name;
    }

    public void requestUpdate(boolean incremental) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(10).put((byte) 3).put((byte) (incremental ? 1 : 0))
                .putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
        out.write(b.array());
        out.flush();
    }

    /** Reads server messages until one FramebufferUpdate has been applied; answers its rectangle count. */
    public int readUpdate() throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            switch (type) {
                case 0 -> {
                    in.readUnsignedByte();
                    int rects = in.readUnsignedShort();
                    for (int i = 0; i < rects; i++) {
                        readRect();
                    }
                    return rects;
                }
                case 1 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    in.readNBytes(in.readUnsignedShort() * 6);
                }
                case 2 -> { } // Bell
                case 3 -> {
                    in.readNBytes(3);
                    in.readNBytes(in.readInt());
                }
                default -> throw new IOException("unknown server message " + type);
            }
        }
    }

    private void readRect() throws IOException {
        int x = in.readUnsignedShort();
        int y = in.readUnsignedShort();
        int w = in.readUnsignedShort();
        int h = in.readUnsignedShort();
        int encoding = in.readInt();
        if (encoding != 0) {
            throw new IOException("expected Raw (0), got encoding " + encoding);
        }
        byte[] px = in.readNBytes(w * h * 4);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int i = (row * w + col) * 4;
                // Little-endian 32 bits, red shift 0, green 8, blue 16 (what we asked for).
                int r = px[i] & 0xff;
                int g = px[i + 1] & 0xff;
                int b = px[i + 2] & 0xff;
                framebuffer[(y + row) * width + x + col] = r << 16 | g << 8 | b;
            }
        }
    }

    /** One key press and release (X11 keysym). */
    public void key(int keysym) throws IOException {
        keyEvent(keysym, true);
        keyEvent(keysym, false);
    }

    public void keyEvent(int keysym, boolean down) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).put((byte) 4).put((byte) (down ? 1 : 0)).putShort((short) 0).putInt(keysym);
        out.write(b.array());
        out.flush();
    }

    /** Types printable ASCII; a newline is Return. */
    public void type(String text) throws IOException {
        for (char c : text.toCharArray()) {
            key(c == '\n' ? 0xff0d : c);
        }
    }

    public int pixel(int x, int y) {
        return framebuffer[y * width + x];
    }

    /** Pixels of a text row (16 pixel rows) that differ from the row's most common colour. */
    public int inkPixels(int row) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int y = row * Font8x8.HEIGHT; y < (row + 1) * Font8x8.HEIGHT; y++) {
            for (int x = 0; x < width; x++) {
                counts.merge(pixel(x, y), 1, Integer::sum);
            }
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return width * Font8x8.HEIGHT - max;
    }

    /** The text of a row of 8x16 cells, read by matching each cell's bright pixels against the font. */
    public String text(int row) {
        StringBuilder s = new StringBuilder();
        for (int col = 0; col < width / Font8x8.WIDTH; col++) {
            s.append(cell(col, row));
        }
        return s.toString();
    }

    /** Every row's text, one a line. */
    public String screenText() {
        StringBuilder s = new StringBuilder();
        for (int row = 0; row < height / Font8x8.HEIGHT; row++) {
            s.append(text(row).stripTrailing()).append('\n');
        }
        return s.toString();
    }

    private char cell(int col, int row) {
        for (char c = 0x20; c <= 0x7e; c++) {
            if (matches(c, col, row)) {
                return c;
            }
        }
        return '?';
    }

    private boolean matches(char c, int col, int row) {
        for (int y = 0; y < Font8x8.HEIGHT; y++) {
            for (int x = 0; x < Font8x8.WIDTH; x++) {
                int p = pixel(col * Font8x8.WIDTH + x, row * Font8x8.HEIGHT + y);
                double lum = 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
                if ((lum > 128) != Font8x8.ink(c, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Requests incremental updates until the screen's text contains {@code expected}, or fails after the timeout. */
    public String awaitText(String expected, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        String text = screenText();
        while (!text.contains(expected)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the screen never showed '" + expected + "'; it shows:\n" + text);
            }
            requestUpdate(true);
            readUpdate();
            text = screenText();
        }
        return text;
    }

    @Override
    public void close() throws Exception {
        transport.close();
    }
}
