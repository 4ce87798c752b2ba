package io.poolpilot.daemon;

import io.poolpilot.daemon.config.ConfigLoader;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.demo.DemoPools;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.ChildProcess;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.simulator.SimulatorMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon killed with SIGKILL at random moments, twenty times, and restarted each time, against a simulator in its
 * own process (the pools outlive the daemon, as real ones do); then the same with the database killed instead (the
 * daemon rides it out): nothing the hosts served is missing at 5 s resolution, nothing is stored twice, and every VM
 * hour is metered exactly once, from exactly the stored samples.
 */
class CrashLoopTest {

    private static final int KILLS = 20;
    private static final int STEP = 5;
    private static final Duration START = Duration.ofSeconds(150);

    @TempDir
    Path work;

    private ChildProcess simulator;
    private ChildProcess daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void twentyKillsAtRandomMomentsLoseNoSampleStoreNoneTwiceAndMeterEveryHourOnce() throws Exception {
        Instant simulatedStart = Instant.now();
        Path config = writeConfig(startSimulator(), "embedded");

        Random random = new Random(20);
        List<Long> killedAfterMillis = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            daemon = startDaemon(config);
            daemon.awaitLine(START, line -> line.contains("event=daemon_started"));
            long runMillis = 500 + random.nextInt(4_500);
            Thread.sleep(runMillis);
            daemon.kill();
            killedAfterMillis.add(runMillis);
        }
        daemon = startDaemon(config);
        daemon.awaitLine(START, line -> line.contains("event=daemon_started"));
        Thread.sleep(15_000); // catch up: the back-fill, the journal, the usage hour
        Instant stoppedAt = Instant.now();
        assertThat(daemon.terminate(Duration.ofSeconds(120))).isNotEqualTo(137);
        System.out.println("daemon killed after (ms, once started): " + killedAfterMillis);
        closeHoursAndCheck(config, simulatedStart, stoppedAt);
    }

    @Test
    void twentyDatabaseKillsAtRandomMomentsLoseNoSampleStoreNoneTwiceAndMeterEveryHourOnce() throws Exception {
        Instant simulatedStart = Instant.now();
        Path dbDirectory = work.resolve("external-db");
        EmbeddedDatabase database = EmbeddedDatabase.start(dbDirectory, 0, true, false);
        int port = database.port();
        Path config = writeConfig(startSimulator(), "jdbc:postgresql://127.0.0.1:" + port + "/postgres\n  username: postgres");
        daemon = startDaemon(config);
        daemon.awaitLine(START, line -> line.contains("event=daemon_started"));

        Random random = new Random(21);
        List<Long> killedAfterMillis = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            long runMillis = 500 + random.nextInt(4_500);
            Thread.sleep(runMillis);
            killPostmaster(dbDirectory.resolve("pgdata"));
            killedAfterMillis.add(runMillis);
            database.close(); // only lets go of this JVM's lock on the data directory: the server is gone already
            database = restart(dbDirectory, port);
            assertThat(daemon.alive()).as("the daemon rides out the database's crash").isTrue();
        }
        Thread.sleep(20_000); // the writer and the meter reconnect and catch up
        Instant stoppedAt = Instant.now();
        assertThat(daemon.terminate(Duration.ofSeconds(120))).isNotEqualTo(137);
        System.out.println("database killed after (ms): " + killedAfterMillis);
        try {
            closeHoursAndCheck(config, simulatedStart, stoppedAt);
        } finally {
            database.close();
        }
    }

    /** SIGKILL of the postmaster, as the OOM killer does: no checkpoint, crash recovery at the next start. */
    private static void killPostmaster(Path dataDirectory) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts the killed server again on its port; its orphaned backends may hold shared memory for a moment. */
    private static EmbeddedDatabase restart(Path directory, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return EmbeddedDatabase.start(directory, port, true, false);
            } catch (io.poolpilot.daemon.store.EmbeddedDatabaseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private List<String> startSimulator() throws Exception {
        Path scenario = Path.of("src/test/resources/scenarios/collect.yaml").toAbsolutePath();
        simulator = ChildProcess.start(Path.of(".").toAbsolutePath(), Map.of(), SimulatorMain.class.getName(),
                "--scenario", scenario.toString(), "--port", "0", "--first-pool-octet", "79", "--admin-port", "-1");
        simulator.awaitLine(Duration.ofSeconds(60), line -> line.startsWith("Ctrl-C to stop."));
        return simulator.output();
    }

    private void closeHoursAndCheck(Path config, Instant simulatedStart, Instant stoppedAt) throws Exception {
        // The hours the kills ran through close by the clock once the pools are silent: a daemon with no pools, two
        // hours later by its clock, closes them from the meter's committed state alone.
        DaemonConfig loaded = new ConfigLoader().load(config, Map.of());
        try (DaemonRuntime closer = DaemonRuntime.start(loaded.withPools(List.of())
                        .withUsage(loaded.usage().withWallClockGrace(Duration.ofMinutes(1))),
                Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofHours(2)))) {
            Await.until(Duration.ofSeconds(60), "every open usage hour closed", () -> {
                try (Connection c = closer.dataSource().getConnection(); Statement st = c.createStatement()) {
                    return number(st, "select count(*) from usage_meter_state where not closed") == 0
                            && number(st, "select count(*) from usage_record") > 0;
                }
            });
            try (Connection c = closer.dataSource().getConnection(); Statement st = c.createStatement()) {
                checkStored(st, simulatedStart, stoppedAt);
                checkMetered(st);
            }
        }
    }

    private static void checkStored(Statement st, Instant simulatedStart, Instant stoppedAt) throws Exception {
        assertThat(number(st, "select count(distinct vm_id) from vm_sample")).isEqualTo(7);
        assertThat(number(st, "select max(d) from (select extract(epoch from ts - lag(ts) over (partition by vm_id "
                + "order by ts))::bigint d from vm_sample) x")).as("longest step between two rows of one VM").isEqualTo(STEP);
        assertThat(number(st, "select max(d) from (select extract(epoch from ts - lag(ts) over (partition by host_id "
                + "order by ts))::bigint d from host_sample) x")).as("longest step between two rows of one host")
                .isEqualTo(STEP);
        assertThat(number(st, "select extract(epoch from min(ts) - '" + simulatedStart + "'::timestamptz)::bigint "
                + "from vm_sample")).as("collection started with the pools").isLessThanOrEqualTo(30L);
        // ...and ends with it: what the hosts served until the clean stop is stored (a host's newest row lags by a step
        // or two, and the last poll ran up to one interval before the stop).
        assertThat(number(st, "select extract(epoch from '" + stoppedAt + "'::timestamptz - max(ts))::bigint from vm_sample"))
                .as("seconds between the newest stored row and the final stop").isLessThanOrEqualTo(4L * STEP);
        // Steady workloads (no noise): every stored web row is what the simulator served, 50 % of 2 vCPUs.
        assertThat(number(st, "select count(*) from vm_sample s join vm v using (vm_id) where v.name like 'web%' "
                + "and abs(s.cpu_used_cores - 1.0) > 0.01")).isZero();
    }

    /** Exactly one record per VM and hour, counting exactly the stored samples: what a run without crashes meters. */
    private static void checkMetered(Statement st) throws Exception {
        assertThat(number(st, "select count(*) from (select vm_uuid, hour_start from usage_record where kind = 'hour' "
                + "group by 1, 2 having count(*) > 1) d")).as("a VM hour metered twice").isZero();
        assertThat(number(st, "select count(*) from usage_record where kind = 'adjustment'")).isZero();
        assertThat(number(st, "select count(distinct vm_uuid) from usage_record where kind = 'hour'")).isEqualTo(7);
        assertThat(number(st, "select count(*) from vm v where exists (select 1 from vm_sample s where s.vm_id = v.vm_id) "
                + "and (select coalesce(sum(u.samples), 0) from usage_record u where u.vm_uuid = v.vm_uuid) "
                + "<> (select count(*) from vm_sample s where s.vm_id = v.vm_id)"))
                .as("VMs whose metered samples differ from their stored samples").isZero();
        assertThat(number(st, "select count(*) from vm v where exists (select 1 from vm_sample s where s.vm_id = v.vm_id) "
                + "and abs((select coalesce(sum(u.cpu_seconds), 0) from usage_record u where u.vm_uuid = v.vm_uuid) "
                + "- (select sum(s.cpu_used_cores) * " + STEP + " from vm_sample s where s.vm_id = v.vm_id)) > 0.05"))
                .as("VMs whose metered CPU seconds differ from their stored samples'").isZero();
    }

    private ChildProcess startDaemon(Path config) throws Exception {
        return ChildProcess.start(Path.of("..").toAbsolutePath().normalize(), Map.of(), Main.class.getName(), "run",
                "--config", config.toString());
    }

    /** The daemon's config for the simulator's pools, as an operator writes it (passwords in files). */
    private Path writeConfig(List<String> simulatorOutput, String databaseUrl) throws Exception {
        List<DemoPools.Pool> pools = DemoPools.parse(simulatorOutput).pools();
        assertThat(pools).hasSize(2);
        StringBuilder yaml = new StringBuilder("workDir: " + work + "\nmanagementPort: 0\n"
                + "database:\n  url: " + databaseUrl + "\ncollect:\n  intervalSeconds: " + STEP + "\n  maxBackoffSeconds: 10\n"
                + "usage:\n  latenessMinutes: 1\ncontrol:\n  apiPort: -1\npools:\n");
        for (DemoPools.Pool pool : pools) {
            Path secret = work.resolve("password-" + pool.name());
            Files.writeString(secret, pool.password());
            yaml.append("  - name: ").append(pool.name()).append("\n    masterUrl: ").append(pool.masterUrl())
                    .append("\n    username: ").append(pool.username()).append("\n    password: file:").append(secret)
                    .append('\n');
        }
        Path file = work.resolve("poolpilot.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static long number(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
