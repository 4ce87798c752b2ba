package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The journal + DB writer half of a daemon, as a separate JVM for the crash test: it prints one line
 * per committed batch ({@code COMMITTED first last rows skipped}) and runs until it is killed.
 */
public final class WriterProcess {

    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path journalDir = Path.of(args[0]);
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(args[1]);
        StorageFlavour flavour;
        try (java.sql.Connection c = dataSource.getConnection()) {
            flavour = StorageFlavour.detect(c, StorageFlavour.Choice.AUTO);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Journal journal = Journal.open(JournalConfig.defaults(journalDir), registry);
        DbWriterConfig config = DbWriterConfig.defaults().withBatch(1_000, Duration.ofMillis(50));
        DbWriter writer = new DbWriter(config, dataSource, journal.reader("db-writer"), flavour, registry, Clock.systemUTC(), batch -> {
                    System.out.println("COMMITTED " + batch.firstIndex() + " " + batch.lastIndex() + " "
                            + batch.rowsWritten() + " " + batch.rowsSkipped());
                    System.out.flush();
                });
        writer.start();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
