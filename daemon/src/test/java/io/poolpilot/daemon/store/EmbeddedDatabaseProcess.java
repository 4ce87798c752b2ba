package io.poolpilot.daemon.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A process that starts the daemon's embedded database as the daemon does and runs until it is killed. */
public final class EmbeddedDatabaseProcess {

    private EmbeddedDatabaseProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), EmbeddedDatabase.REMEMBERED_PORT, true, false);
        System.out.println("READY " + database.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
