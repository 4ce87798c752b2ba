package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills the writer's JVM with SIGKILL in the middle of its work and checks the restart's bookkeeping. */
class WriterCrashTest {

    private static final int VMS = 300;
    private static final int HOSTS = 10;
    private static final int TICKS = 300;

    @TempDir
    Path work;

    private TestPostgres postgres;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (Process p : children) {
            p.destroyForcibly();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A committed batch as the child reported it. */
    private record Committed(long first, long last, int rows, int skipped) {
    }

    private Process startChild(List<Committed> commits) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        String flags = System.getProperty("poolpilot.jvm.flags");
        if (flags != null && !flags.isBlank()) {
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        } else {
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("--enable-native")).toList());
        }
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                work.resolve("journal").toString(), postgres.jdbcUrl()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("COMMITTED ")) {
                        String[] f = line.split(" ");
                        commits.add(new Committed(Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                                Integer.parseInt(f[4])));
                    }
                }
            } catch (java.io.IOException ignored) {
                // The child was killed.
            }
        });
        return process;
    }

    @Test
    void writerResumesAfterKillMinusNineWithoutDuplicates() throws Exception {
        postgres = TestPostgres.start(work.resolve("pg"), true);
        DataSource ds = postgres.dataSource();
        assertThat(StoreSchema.prepare(ds, TestPostgres.choice())).isInstanceOf(TestPostgres.flavourClass());

        Fleet fleet = new Fleet(41, HOSTS, VMS);
        long now = Instant.now().getEpochSecond() / 5 * 5;
        long lastIndex;
        try (Journal journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), new SimpleMeterRegistry())) {
            journal.appendAll(fleet.inventory(now * 1000));
            for (int t = 0; t < TICKS; t++) {
                journal.appendAll(fleet.tick(now - 5L * TICKS + 5L * t));
            }
            lastIndex = journal.lastIndex();
        }
        int expectedVmRows = VMS * TICKS;

        List<Committed> firstRun = new CopyOnWriteArrayList<>();
        Process first = startChild(firstRun);
        Await.until(Duration.ofSeconds(60), "a few batches committed by the first writer", () -> firstRun.size() >= 3);
        first.destroyForcibly(); // SIGKILL: no shutdown hooks, the batch in flight dies with it
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        long rowsAfterKill = Sql.count(ds, "SELECT count(*) FROM vm_sample");
        long allRowsAfterKill = rowsAfterKill + Sql.count(ds, "SELECT count(*) FROM host_sample");
        assertThat(rowsAfterKill).as("killed in the middle, not after the end").isLessThan(expectedVmRows);
        long watermarkAfterKill = (Long) Sql.value(ds, "SELECT queue_index FROM journal_watermark WHERE reader = 'db-writer'");

        List<Committed> secondRun = new CopyOnWriteArrayList<>();
        startChild(secondRun);
        Await.until(Duration.ofSeconds(90), "the second writer commits the rest",
                () -> !secondRun.isEmpty() && secondRun.getLast().last() == lastIndex);

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(expectedVmRows);
        assertThat(Sql.count(ds, "SELECT count(DISTINCT (vm_id, ts)) FROM vm_sample")).isEqualTo(expectedVmRows);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(HOSTS * TICKS);
        // Exactly once, not "at least once and deduplicated": the second writer started right after the
        // committed index, never re-sent a stored row, and its batches chain without gaps.
        assertThat(secondRun.getFirst().first()).isGreaterThan(watermarkAfterKill);
        assertThat(secondRun.stream().mapToInt(Committed::skipped).sum()).isZero();
        assertThat(firstRun.stream().mapToInt(Committed::skipped).sum()).isZero();
        long secondRunRows = secondRun.stream().mapToLong(Committed::rows).sum();
        assertThat(allRowsAfterKill + secondRunRows).as("rows committed before the kill + rows the restart wrote")
                .isEqualTo(expectedVmRows + HOSTS * TICKS);
        assertThat(Sql.value(ds, "SELECT queue_index FROM journal_watermark WHERE reader = 'db-writer'")).isEqualTo(lastIndex);
    }
}
