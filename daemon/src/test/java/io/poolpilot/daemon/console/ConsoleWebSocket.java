package io.poolpilot.daemon.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's console WebSocket as a byte stream for the RFB test viewer, with the "binary" subprotocol noVNC
 * asks for: binary messages in, a message per flush out, and the close code and reason the daemon sent.
 */
final class ConsoleWebSocket implements AutoCloseable {
    private static final byte[] END = new byte[0];

    /** How the daemon closed the socket. */
    record Closed(int code, String reason) {
    }

    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final InputStream in = new Input();
    private final OutputStream out = new Output();

    private ConsoleWebSocket(URI uri, HttpClient http) {
        this.socket = http.newWebSocketBuilder().subprotocols("binary").connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener()).orTimeout(15, TimeUnit.SECONDS).join();
    }

    static ConsoleWebSocket open(int apiPort, String websocketPath, HttpClient http) {
        return new ConsoleWebSocket(URI.create("ws://127.0.0.1:" + apiPort + websocketPath), http);
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    /** Waits for the daemon to close the socket. */
    Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the daemon did not close the console WebSocket within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                received.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            received.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
            received.add(END);
        }
    }

    private final class Input extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position >= current.length) {
                if (current == END) {
                    throw closedError();
                }
                try {
                    byte[] next = received.poll(15, TimeUnit.SECONDS);
                    if (next == null) {
                        throw new IOException("no data from the console WebSocket for 15 s");
                    }
                    current = next;
                    position = 0;
                    if (next == END) {
                        received.add(END);
                        throw closedError();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }

    private IOException closedError() {
        Closed c = closed.getNow(null);
        return new IOException("the console WebSocket closed" + (c == null ? "" : ": " + c.code() + " " + c.reason()));
    }

    private final class Output extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            if (pending.size() > 0) {
                socket.sendBinary(ByteBuffer.wrap(pending.toByteArray()), true).orTimeout(10, TimeUnit.SECONDS).join();
                pending.reset();
            }
        }
    }
}
