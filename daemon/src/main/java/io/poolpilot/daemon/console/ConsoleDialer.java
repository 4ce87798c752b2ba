package io.poolpilot.daemon.console;

import io.poolpilot.xapi.TlsPolicy;
import io.poolpilot.xapi.console.VmConsoles.RfbConsole;
import io.poolpilot.xapi.transport.TlsContexts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Opens a VM's console on its host the way XAPI wants: TCP (TLS for an https location, trusting what the
 * pool's TLS policy trusts, as the XAPI client does), {@code CONNECT <target> HTTP/1.0}, then the host's
 * answer; on 200 the socket carries RFB from the next byte on. On the caller's event loop, never blocking.
 */
final class ConsoleDialer {
    /** The longest HTTP answer head accepted before the RFB stream. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** A console socket ready for RFB, and any RFB bytes that came in with the HTTP answer. */
    record Dialed(NetSocket socket, Buffer early) {
    }

    private final NetClient plain;
    private final Vertx vertx;
    private final Duration connectTimeout;

    ConsoleDialer(Vertx vertx, Duration connectTimeout) {
        this.vertx = vertx;
        this.connectTimeout = connectTimeout;
        this.plain = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis()));
    }

    Future<Dialed> dial(RfbConsole console, TlsPolicy tls) {
        ConnectOptions options = new ConnectOptions().setHost(console.location().getHost()).setPort(console.port())
                .setTimeout((int) connectTimeout.toMillis());
        if (console.tls()) {
            String host = console.location().getHost();
            options.setSsl(true).setSslOptions(sslOptions(tls, console));
            if (!host.matches("[0-9.]+|\\[.*\\]")) {
                options.setSniServerName(host);
            }
        }
        return plain.connect(options).compose(socket -> handshake(socket, console));
    }

    private static ClientSSLOptions sslOptions(TlsPolicy tls, RfbConsole console) {
        ClientSSLOptions ssl = new ClientSSLOptions();
        switch (tls) {
            case TlsPolicy.SystemTrust ignored -> ssl.setHostnameVerificationAlgorithm("HTTPS");
            case TlsPolicy.CaCertificate ca -> ssl.setHostnameVerificationAlgorithm("HTTPS")
                    .setTrustOptions(TrustOptions.wrap(TlsContexts.trustManager(tls, console.location())));
            // A pin (or the lab opt-out) stands instead of the name check, exactly as for XML-RPC.
            default -> ssl.setHostnameVerificationAlgorithm("")
                    .setTrustOptions(TrustOptions.wrap(TlsContexts.trustManager(tls, console.location())));
        }
        return ssl;
    }

    private Future<Dialed> handshake(NetSocket socket, RfbConsole console) {
        Promise<Dialed> answered = Promise.promise();
        Buffer head = Buffer.buffer();
        long timer = vertx.setTimer(connectTimeout.toMillis(), id -> {
            if (answered.tryFail("the host did not answer CONNECT within " + connectTimeout.toSeconds() + " s")) {
                socket.close();
            }
        });
        socket.handler(data -> {
            head.appendBuffer(data);
            int end = indexOf(head, "\r\n\r\n");
            if (end < 0) {
                if (head.length() > MAX_HEAD_BYTES) {
                    vertx.cancelTimer(timer);
                    socket.close();
                    answered.tryFail("the host's answer to CONNECT is not HTTP");
                }
                return;
            }
            vertx.cancelTimer(timer);
            socket.pause();
            socket.handler(null);
            String status = head.getString(0, Math.max(0, indexOf(head, "\r\n")), "ISO-8859-1");
            if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
                socket.close();
                answered.tryFail("the host answered CONNECT with '" + status + "'");
                return;
            }
            answered.tryComplete(new Dialed(socket, head.getBuffer(end + 4, head.length())));
        });
        socket.closeHandler(v -> answered.tryFail("the host closed the connection before answering CONNECT"));
        socket.write("CONNECT " + console.connectTarget() + " HTTP/1.0\r\nHost: " + console.location().getAuthority()
                + "\r\n\r\n", StandardCharsets.ISO_8859_1.name());
        return answered.future();
    }

    private static int indexOf(Buffer b, String text) {
        byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + needle.length <= b.length(); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    void close() {
        plain.close();
    }
}
