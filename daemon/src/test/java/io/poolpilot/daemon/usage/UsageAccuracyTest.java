package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.billing.Granularity;
import io.poolpilot.daemon.billing.UsageQueries;
import io.poolpilot.daemon.billing.UsageQuery;
import io.poolpilot.daemon.billing.UsageRow;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Accuracy of the meter against the simulator's analytic workloads, over the whole data path
 * (simulator over sockets, collectors, journal, meter, PostgreSQL), with a migration mid-hour, a
 * daemon restart mid-hour and a collection gap of more than five minutes. Simulated time runs 120x.
 */
class UsageAccuracyTest {

    private static final Instant HOUR = Instant.parse("2026-11-25T10:00:00Z");
    private static final double TOLERANCE = 0.001;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UsageAccuracyTest.class);

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

    private DaemonRuntime startDaemon(List<PoolConfig> pools) {
        DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                // Back-fill of two minutes only (one collector tick is a minute of pool time here): the 5-minute
                // stop must leave the gap this test meters around.
                new CollectConfig(1, 2, 2, 5, 16, "billing_account", 120), new JournalSettings(null, 48), 15, pools,
                ControlConfig.defaults().withApiPort(0)); // any free port: 8080 may be another daemon's
        return DaemonRuntime.start(config.withUsage(UsageConfig.defaults().withLateness(Duration.ofMinutes(5))
                .withFlushInterval(Duration.ofMillis(200))), Map.of(), simulator.clock());
    }

    private void awaitSimTime(Instant t) {
        Await.until(Duration.ofSeconds(60), "simulated time " + t, () -> !simulator.clock().instant().isBefore(t));
    }

    @Test
    void meteredAmountsEqualTheAnalyticIntegralDespiteMigrationRestartAndGap() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/usage.yaml"),
                SimulatorOptions.defaults().withStartTime(HOUR.minusSeconds(90)).withClockRate(120)
                        .withFirstPoolOctet(71).withAdminPort(-1));
        PoolEndpoint pool = simulator.pool("meter");
        Path secret = work.resolve("meter.secret");
        Files.writeString(secret, pool.password());
        List<PoolConfig> pools = List.of(new PoolConfig(pool.name(), pool.masterUrl(), pool.username(),
                SecretRef.parse("file:" + secret), null));
        daemon = startDaemon(pools);

        try (XapiSession session = XapiSession.login(XapiEndpoint.of(pool.masterUrl(), pool.username(), pool.password()),
                "usage-test")) {
            XapiClient client = new XapiClient(session);
            awaitSimTime(HOUR.plusSeconds(15 * 60));
            migrate(client, "wave", "m-02");
            awaitSimTime(HOUR.plusSeconds(25 * 60));
            daemon.close();
            daemon = null;
            Instant stoppedAt = simulator.clock().instant();
            awaitSimTime(stoppedAt.plusSeconds(5 * 60));
            daemon = startDaemon(pools);
            awaitSimTime(HOUR.plusSeconds(45 * 60));
            migrate(client, "wave", "m-01");
        }

        Await.until(Duration.ofSeconds(90), "hour records for the three running VMs",
                () -> count("SELECT count(*) FROM usage_record WHERE kind = 'hour' AND hour_start = '" + HOUR + "'") == 3);

        for (String name : List.of("steady", "wave", "climb")) {
            String vm = vmUuid(name);
            List<Long> instants = storedInstants(vm);
            double covered = instants.size() * 5.0;
            double cpu = 0;
            for (long t : instants) {
                cpu += integrateDemand(vm, t - 5, t);
            }
            UsageRow row = new UsageQueries(daemon.dataSource()).usage(new UsageQuery(null, vm, HOUR,
                    HOUR.plusSeconds(3600), Granularity.HOUR)).getFirst();
            var spec = simulator.scenario().pools().getFirst().vms().stream().filter(v -> v.name().equals(name))
                    .findFirst().orElseThrow();
            LOG.info("event=usage_accuracy vm={} coveredSeconds={} coverage={} cpuSecondsMetered={} cpuSecondsAnalytic={}"
                    + " relativeError={}", name, covered, row.coverage(), row.amounts().cpuSeconds(), cpu,
                    Math.abs(row.amounts().cpuSeconds() - cpu) / cpu);
            assertThat(covered).as("%s: a gap of 5+ minutes is visible", name).isLessThanOrEqualTo(3300);
            assertThat(covered).as("%s: most of the hour was collected", name).isGreaterThan(1800);
            assertThat(row.amounts().coveredSeconds()).as(name).isEqualTo(covered);
            assertThat(row.coverage()).as(name).isCloseTo(covered / 3600, within(1e-12));
            assertThat(row.amounts().runningSeconds()).as(name).isEqualTo(covered);
            assertThat(row.amounts().vcpuSeconds()).as(name).isEqualTo(spec.vcpus() * covered);
            assertThat(row.amounts().cpuSeconds()).as("%s CPU-seconds vs analytic %s", name, cpu)
                    .isCloseTo(cpu, within(cpu * TOLERANCE));
            assertThat(row.amounts().memoryGibHours()).as(name)
                    .isCloseTo(spec.memoryGiB() * covered / 3600, within(1e-9));
            double activityIntegral = cpu / spec.vcpus();
            double netBps = spec.netMBps() * 1e6;
            double diskBps = spec.diskMBps() * 1e6;
            assertThat(row.amounts().netRxBytes()).as(name).isCloseTo(0.6 * netBps * activityIntegral,
                    within(0.6 * netBps * activityIntegral * TOLERANCE));
            assertThat(row.amounts().netTxBytes()).as(name).isCloseTo(0.4 * netBps * activityIntegral,
                    within(0.4 * netBps * activityIntegral * TOLERANCE));
            assertThat(row.amounts().diskReadBytes()).as(name).isCloseTo(0.7 * diskBps * activityIntegral,
                    within(0.7 * diskBps * activityIntegral * TOLERANCE));
            assertThat(row.amounts().diskWriteBytes()).as(name).isCloseTo(0.3 * diskBps * activityIntegral,
                    within(0.3 * diskBps * activityIntegral * TOLERANCE));
            assertThat(row.amounts().memoryUsedGibHours()).as(name).isPositive()
                    .isLessThan(row.amounts().memoryGibHours());
        }
        // The halted VM has no samples, hence no record; accounts roll up their VMs.
        assertThat(count("SELECT count(*) FROM usage_record WHERE vm_uuid = '" + vmUuid("parked") + "'")).isZero();
        List<UsageRow> acme = new UsageQueries(daemon.dataSource()).usage(new UsageQuery("acme", null, HOUR,
                HOUR.plusSeconds(3600), Granularity.DAY));
        assertThat(acme).hasSize(1);
        assertThat(acme.getFirst().vmHours()).isEqualTo(2);
        assertThat(acme.getFirst().amounts().cpuSeconds()).isCloseTo(
                (double) number("SELECT sum(cpu_seconds) FROM usage_record WHERE account = 'acme' AND hour_start = '"
                        + HOUR + "'"), within(1e-6));
    }

    private static void migrate(XapiClient client, String vmName, String hostName) {
        Vm vm = client.vms().values().stream().filter(v -> v.nameLabel().equals(vmName)).findFirst().orElseThrow();
        Host host = client.hosts().values().stream().filter(h -> h.nameLabel().equals(hostName)).findFirst().orElseThrow();
        String task = client.asyncPoolMigrate(vm.ref(), host.ref(), Map.of("live", "true"));
        Await.until(Duration.ofSeconds(30), "migration of " + vmName, () -> client.task(task).status().isFinished());
        assertThat(client.task(task).status()).isEqualTo(TaskStatus.SUCCESS);
    }

    /** ∫ demand dt over (from, to] by Simpson's rule; hosts are large, so delivered = demand. */
    private double integrateDemand(String vm, long from, long to) {
        int n = 10;
        double h = (to - from) / (double) n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * simulator.cpuDemandCores(vm, Instant.ofEpochMilli(Math.round((from + i * h) * 1000)));
        }
        return sum * h / 3;
    }

    private String vmUuid(String name) throws Exception {
        try (Connection c = daemon.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT vm_uuid FROM vm WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Sample instants of the hour the DB writer stored: an independent record of what was collected. */
    private List<Long> storedInstants(String vm) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = daemon.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM s.ts)::bigint FROM vm_sample s JOIN vm v USING (vm_id)"
                        + " WHERE v.vm_uuid = ? AND s.ts > ? AND s.ts <= ? ORDER BY 1")) {
            ps.setString(1, vm);
            ps.setTimestamp(2, java.sql.Timestamp.from(HOUR));
            ps.setTimestamp(3, java.sql.Timestamp.from(HOUR.plusSeconds(3600)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private long count(String sql) {
        return (long) number(sql);
    }

    private double number(String sql) {
        try (Connection c = daemon.dataSource().getConnection(); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (Exception e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
