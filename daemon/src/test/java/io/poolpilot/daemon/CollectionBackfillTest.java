package io.poolpilot.daemon;

import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.SimulatedPools;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daemon that crashed and restarted asks every host for the rows it missed, from the last sample it journaled
 * for that host: the hosts still hold them (XAPI keeps ten minutes of 5 s rows), so the stored series has no hole.
 */
class CollectionBackfillTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final int STEP = 5;

    @TempDir
    Path work;

    private Simulator simulator;
    private DaemonRuntime daemon;

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
    void afterACrashTheRestartedDaemonFillsTheHoleFromWhatTheHostsStillHold() throws Exception {
        // Five simulated seconds per real second: a 20 s outage is 100 s of pool time, as in the reported crash.
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/collect.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(5).withFirstPoolOctet(78)
                        .withAdminPort(-1));
        DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                new CollectConfig(STEP, 2, STEP, 5, 16, "billing_account"), new JournalSettings(null, 48), 15,
                SimulatedPools.configs(simulator, work), ControlConfig.defaults().withApiPort(-1));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        Await.until(Duration.ofSeconds(60), "every running VM has rows", () ->
                count("select count(*) from (select vm_id from vm_sample group by 1 having count(*) >= 3) v") == 7);
        daemon.kill();
        daemon = null;
        Instant crashedAt = simulator.clock().instant();

        Thread.sleep(20_000);
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        Instant restartedAt = simulator.clock().instant();
        Await.until(Duration.ofSeconds(60), "rows after the restart", () ->
                count("select count(*) from (select vm_id from vm_sample where ts > '" + restartedAt.plusSeconds(20)
                        + "' group by 1) v") == 7);

        assertThat(Duration.between(crashedAt, restartedAt)).isGreaterThan(Duration.ofSeconds(90));
        assertThat(count("select max(d) from (select extract(epoch from ts - lag(ts) over (partition by vm_id order by ts))"
                + "::bigint d from vm_sample) x")).as("longest step between two stored rows of one VM").isEqualTo(STEP);
        assertThat(count("select max(d) from (select extract(epoch from ts - lag(ts) over (partition by host_id order by ts))"
                + "::bigint d from host_sample) x")).as("longest step between two stored rows of one host").isEqualTo(STEP);
        assertThat(count("select count(*) from (select vm_id, ts from vm_sample group by 1, 2 having count(*) > 1) d"))
                .isZero();
        assertThat(daemon.registry().find("poolpilot.collect.backfills").tag("pool", "alpha").counter().count())
                .as("every host of alpha resumed").isEqualTo(3.0);
        assertThat(daemon.registry().find("poolpilot.collect.gap.seconds").counters()).allSatisfy(
                c -> assertThat(c.count()).isZero());
    }

    private long count(String sql) throws Exception {
        try (Connection c = daemon.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
