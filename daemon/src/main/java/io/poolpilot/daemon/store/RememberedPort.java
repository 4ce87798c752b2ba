package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The port the embedded database had last time in this work directory ({@code db/port}), so that a restarted
 * daemon serves it on the same address and commands copied from an earlier run (psql, dashboards) keep working.
 * A remembered port that another program took meanwhile is given up for a free one, with a warning.
 */
final class RememberedPort {

    private static final Logger log = LoggerFactory.getLogger(RememberedPort.class);
    private static final String FILE = "port";

    private RememberedPort() {
    }

    /** The remembered port when it is still free on 127.0.0.1; 0 (any free port) otherwise. */
    static int read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            log.warn("event=embedded_db_port_unreadable file={} error=\"{}\"", file, e.toString());
            return 0;
        }
        if (port < 1024 || port > 65535) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
            return port;
        } catch (IOException taken) {
            log.warn("event=embedded_db_port_taken port={} hint=\"another program listens there now; the database "
                    + "starts on a new port\"", port);
            return 0;
        }
    }

    static void write(Path directory, int port) {
        try {
            Files.writeString(directory.resolve(FILE), Integer.toString(port) + "\n");
        } catch (IOException e) {
            log.warn("event=embedded_db_port_not_saved directory={} error=\"{}\"", directory, e.toString());
        }
    }
}
