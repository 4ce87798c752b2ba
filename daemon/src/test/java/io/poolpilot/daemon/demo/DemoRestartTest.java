package io.poolpilot.daemon.demo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.Main;
import io.poolpilot.daemon.fixtures.ChildProcess;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./poolpilot demo} as an operator runs it, in its own process: it comes back at the first try after
 * {@code kill -9} (the killed process's embedded PostgreSQL is found and stopped), on the same database port, and a
 * SIGTERM stops it cleanly: every accepted sample written, every lease handed back, the database stopped last.
 */
class DemoRestartTest {

    private static final Duration START = Duration.ofSeconds(150);
    private static final Pattern DB_PORT = Pattern.compile("jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/");
    private static final Map<String, String> FREE_PORTS = Map.of("POOLPILOT_CONTROL_API_PORT", "0",
            "POOLPILOT_MANAGEMENT_PORT", "0");

    @TempDir
    Path work;

    private ChildProcess demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void afterKillNineTheDemoRestartsAtTheFirstTryAndASigtermThenStopsItCleanly() throws Exception {
        demo = startDemo();
        int port = databasePort(demo.awaitLine(START, line -> DB_PORT.matcher(line).find()));
        demo.awaitLine(START, line -> line.contains("PoolPilot demo is running"));
        Thread.sleep(5_000); // samples journaled and written, leases taken
        demo.kill();

        demo = startDemo();
        String restartedAt = demo.awaitLine(START, line -> DB_PORT.matcher(line).find());
        demo.awaitLine(START, line -> line.contains("PoolPilot demo is running"));
        assertThat(demo.output()).anyMatch(line -> line.contains("event=embedded_db_leftover "));
        assertThat(databasePort(restartedAt)).isEqualTo(port);
        // The killed process's leases run out (control.leaseSeconds), then the restarted daemon takes both pools.
        demo.awaitLine(Duration.ofSeconds(60), line -> line.contains("event=lease_acquired pool=east"));
        demo.awaitLine(Duration.ofSeconds(60), line -> line.contains("event=lease_acquired pool=west"));

        assertThat(demo.alive()).as("the restarted demo runs").isTrue();
        int exit = demo.terminate(Duration.ofSeconds(Main.SHUTDOWN_LIMIT.toSeconds() + 30));

        assertThat(exit).isNotEqualTo(137);
        assertThat(demo.output()).anyMatch(line -> line.contains("event=shutdown_complete"))
                .noneMatch(line -> line.contains("lease_release_failed"))
                .noneMatch(line -> line.contains("event=close_failed"))
                .noneMatch(line -> line.contains("event=shutdown_timeout"))
                .noneMatch(line -> line.contains("Connection refused"));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("db"), EmbeddedDatabase.REMEMBERED_PORT, false,
                false); Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pool_lease")) {
                rs.next();
                assertThat(rs.getLong(1)).as("leases handed back at a clean stop").isZero();
            }
            long journaled;
            try (Journal journal = Journal.open(new JournalConfig(work.resolve("journal"),
                    net.openhft.chronicle.queue.RollCycles.FAST_HOURLY, Duration.ofHours(48),
                    net.openhft.chronicle.core.time.SystemTimeProvider.INSTANCE), new SimpleMeterRegistry())) {
                journaled = journal.lastIndex();
            }
            try (ResultSet rs = st.executeQuery("SELECT queue_index FROM journal_watermark WHERE reader = 'db-writer'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("the writer committed the journal's last entry before the database stopped")
                        .isEqualTo(journaled);
            }
        }
    }

    private ChildProcess startDemo() throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        return ChildProcess.start(repository, FREE_PORTS, Main.class.getName(), "demo", "--work-dir", work.toString(),
                "--port", "0");
    }

    private static int databasePort(String line) {
        Matcher m = DB_PORT.matcher(line);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
