package io.poolpilot.bench.usage;

import io.poolpilot.daemon.billing.FeedPage;
import io.poolpilot.daemon.billing.Granularity;
import io.poolpilot.daemon.billing.UsageQueries;
import io.poolpilot.daemon.billing.UsageQuery;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.daemon.usage.UsageRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark: a month of hourly usage for N VMs (default 10,000) in an embedded PostgreSQL, then the
 * billing reads: per-account monthly totals (the budget: under 1 s), one account's month by
 * day, one VM's month, the feed, and the meter's in-memory integration rate. Writes
 * {@code bench-results/usage.md}. Arguments: {@code [vms] [days] [vmsPerAccount]}.
 */
public final class UsageBenchmark {

    private static final Instant MONTH = Instant.parse("2026-10-01T00:00:00Z");

    private UsageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        int vmsPerAccount = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path work = Files.createTempDirectory("pp-usage-bench");
        List<String> out = new ArrayList<>();
        out.add("# Usage benchmark (UsageBenchmark), " + Instant.now());
        out.add("");
        out.add("JVM " + Runtime.version() + ", cores=" + Runtime.getRuntime().availableProcessors()
                + "; embedded PostgreSQL 17 (zonky), fsync off; plain flavour schema (V10__usage.sql)");
        out.add("Data: " + vms + " VMs x " + days + " days x 24 h = " + (long) vms * days * 24 + " hour records, "
                + vms / vmsPerAccount + " accounts (" + vmsPerAccount + " VMs each); rollups usage_account_hour and usage_account_day as the meter keeps them");
        out.add("");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work, 0, false)) {
            DataSource ds = db.createDatabase("usage_bench");
            StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
            long t0 = System.nanoTime();
            load(ds, vms, days, vmsPerAccount);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            out.add(String.format(Locale.ROOT, "Load (COPY records + rollup + ANALYZE): %.1f s", loadSeconds));
            out.add("");
            UsageQueries queries = new UsageQueries(ds);
            Instant monthEnd = MONTH.plusSeconds(days * 86_400L);
            out.add("| query | median | p90 | max | rows |");
            out.add("|---|---|---|---|---|");
            out.add(time("per-account monthly totals, all accounts (daily rollup)", 15,
                    () -> queries.usage(new UsageQuery(null, null, MONTH, monthEnd, Granularity.MONTH)).size()));
            out.add(time("one account, month by day (daily rollup)", 15,
                    () -> queries.usage(new UsageQuery("acct-00042", null, MONTH, monthEnd, Granularity.DAY)).size()));
            out.add(time("one VM, month by day (records)", 15,
                    () -> queries.usage(new UsageQuery(null, vmUuid(4242), MONTH, monthEnd, Granularity.DAY)).size()));
            out.add(time("per-account monthly totals straight from records (no rollup; for comparison)", 3,
                    () -> countRows(ds, "SELECT account, sum(cpu_seconds), sum(memory_gib_hours), sum(net_tx_bytes)"
                            + " FROM usage_record WHERE hour_start >= '" + MONTH + "' AND hour_start < '" + monthEnd
                            + "' GROUP BY account")));
            out.add("");
            long f0 = System.nanoTime();
            String cursor = null;
            int pulled = 0;
            while (pulled < 200_000) {
                FeedPage page = queries.feed(cursor, 5_000);
                pulled += page.records().size();
                cursor = page.nextCursor();
                if (!page.more()) {
                    break;
                }
            }
            double feedSeconds = (System.nanoTime() - f0) / 1e9;
            out.add(String.format(Locale.ROOT, "Feed: %,d records in pages of 5,000 in %.2f s (%,.0f records/s)",
                    pulled, feedSeconds, pulled / feedSeconds));
            double closeSeconds = io.poolpilot.daemon.usage.UsageBench.closeOneHour(ds, vms,
                    MONTH.getEpochSecond() + days * 86_400L);
            out.add(String.format(Locale.ROOT, "Closing commit: %,d VM-hours closed in one transaction (records, both"
                    + " rollups, closed state, watermark) in %.2f s", vms, closeSeconds));
        }
        out.add(meterRate());
        Path file = Path.of("bench-results", "usage.md");
        Files.createDirectories(file.getParent());
        Files.write(file, out);
        out.forEach(System.out::println);
        System.out.println("written " + file.toAbsolutePath());
    }

    @FunctionalInterface
    interface Query {
        int run() throws Exception;
    }

    private static String time(String what, int runs, Query query) throws Exception {
        query.run(); // warm the cache and the plan
        double[] ms = new double[runs];
        int rows = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            rows = query.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %,d |", what, ms[runs / 2],
                ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], ms[runs - 1], rows);
    }

    private static int countRows(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    static String vmUuid(int vm) {
        return new UUID(0x5eed_0000_0000_0000L | vm, vm * 31L).toString();
    }

    /** COPY one record per VM per hour, then build the rollup the way the meter maintains it. */
    private static void load(DataSource ds, int vms, int days, int vmsPerAccount) throws Exception {
        DateTimeFormatter ts = DateTimeFormatter.ISO_INSTANT;
        String closedAt = ts.format(MONTH.plusSeconds(days * 86_400L));
        try (Connection c = ds.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Random random = new Random(7);
            for (int day = 0; day < days; day++) {
                StringBuilder sb = new StringBuilder(vms * 24 * 260);
                for (int hour = 0; hour < 24; hour++) {
                    Instant hourStart = MONTH.plusSeconds((day * 24L + hour) * 3600);
                    String hourText = ts.format(hourStart);
                    for (int vm = 0; vm < vms; vm++) {
                        String uuid = vmUuid(vm);
                        String account = String.format(Locale.ROOT, "acct-%05d", vm / vmsPerAccount);
                        double cpu = 3600 * random.nextDouble() * 2;
                        sb.append(UsageRecord.idFor(uuid, hourStart, account, 0)).append("\thour\t0\t").append(uuid)
                                .append("\tpool-bench\t").append(account).append('\t').append(hourText)
                                .append("\t3600\t1\t3600\t7200\t").append(cpu).append("\t4\t2.5\t3600\t")
                                .append(random.nextInt(1_000_000_000)).append('\t').append(random.nextInt(500_000_000))
                                .append('\t').append(random.nextInt(2_000_000_000)).append('\t')
                                .append(random.nextInt(1_000_000_000)).append("\t720\t").append(closedAt).append('\n');
                    }
                }
                copy.copyIn("COPY usage_record (record_id, kind, revision, vm_uuid, pool_uuid, account, hour_start,"
                        + " covered_seconds, coverage, running_seconds, vcpu_seconds, cpu_seconds, memory_gib_hours,"
                        + " memory_used_gib_hours, memory_used_seconds, disk_read_bytes, disk_write_bytes, net_rx_bytes,"
                        + " net_tx_bytes, samples, closed_at) FROM STDIN", reader(sb));
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO usage_account_hour SELECT coalesce(account, ''), hour_start,"
                        + " count(*) FILTER (WHERE kind = 'hour'), sum(covered_seconds), sum(running_seconds),"
                        + " sum(vcpu_seconds), sum(cpu_seconds), sum(memory_gib_hours), sum(memory_used_gib_hours),"
                        + " sum(disk_read_bytes), sum(disk_write_bytes), sum(net_rx_bytes), sum(net_tx_bytes)"
                        + " FROM usage_record GROUP BY 1, 2");
                st.execute("INSERT INTO usage_account_day SELECT account, date_trunc('day', hour_start, 'UTC'),"
                        + " sum(vm_hours), sum(covered_seconds), sum(running_seconds), sum(vcpu_seconds), sum(cpu_seconds),"
                        + " sum(memory_gib_hours), sum(memory_used_gib_hours), sum(disk_read_bytes), sum(disk_write_bytes),"
                        + " sum(net_rx_bytes), sum(net_tx_bytes) FROM usage_account_hour GROUP BY 1, 2");
                st.execute("ANALYZE");
            }
        }
    }

    private static Reader reader(StringBuilder sb) {
        return new Reader() {
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos >= sb.length()) {
                    return -1;
                }
                int n = Math.min(len, sb.length() - pos);
                sb.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() throws IOException {
            }
        };
    }

    /** The meter's arithmetic alone: 5 s samples for 10,000 VMs over one hour, integrated into hour accumulators. */
    private static String meterRate() {
        int vms = 10_000;
        long hour = MONTH.getEpochSecond();
        List<VmSample> tick = new ArrayList<>(vms);
        long best = Long.MAX_VALUE;
        long samples = 0;
        for (int round = 0; round < 3; round++) {
            var ledger = io.poolpilot.daemon.usage.UsageBench.newLedger();
            long t0 = System.nanoTime();
            samples = 0;
            for (long t = hour + 5; t <= hour + 3600; t += 5) {
                tick.clear();
                for (int vm = 0; vm < vms; vm++) {
                    tick.add(new VmSample("pool-bench", "host-" + (vm % 100), vmUuid(vm), t, 5, 4, 1.5, 8.0 * (1L << 30),
                            2.0 * (1L << 30), 8.0 * (1L << 30), 1e6, 5e5, 2e6, 1e6));
                }
                for (VmSample s : tick) {
                    ledger.accept(s);
                    samples++;
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        return String.format(Locale.ROOT, "Meter arithmetic: %,d samples (10,000 VMs x 1 h at 5 s) in %.2f s"
                + " including sample construction = %,.0f samples/s on one thread (10,000 VMs at 5 s produce 2,000/s)",
                samples, best / 1e9, samples / (best / 1e9));
    }
}
