package io.poolpilot.api.support;

import io.poolpilot.api.model.UsageFeedPage;
import io.poolpilot.api.model.UsageGranularity;
import io.poolpilot.api.model.UsageQuery;
import io.poolpilot.api.model.UsageRecord;
import io.poolpilot.api.model.UsageRow;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.api.port.UsagePort;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Usage records in a list, appended in sequence order as the meter would commit them; usage rows are
 * summed from the records the way the daemon's rollups sum them. Cursors are decimal sequences.
 */
public final class InMemoryUsage implements UsagePort {
    public static final String POOL = "90000000-0000-0000-0000-000000000001";

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();

    /** Appends one closed hour (or an adjustment when {@code revision > 0}) and returns it. */
    public synchronized UsageRecord append(String vmUuid, String accountId, Instant hourStart, int revision, double cpuSeconds) {
        long sequence = records.size() + 1;
        String id = UUID.nameUUIDFromBytes((vmUuid + ":" + hourStart + ":" + accountId + ":" + revision)
                .getBytes(StandardCharsets.UTF_8)).toString();
        UsageRecord record = new UsageRecord(id, sequence, revision == 0 ? UsageRecord.Kind.HOUR : UsageRecord.Kind.ADJUSTMENT,
                revision, vmUuid, POOL, accountId, hourStart, 1.0, 3600, 3600, 7200, cpuSeconds, 2.0, 1.5, 3600,
                1e6, 2e6, 3e6, 4e6, 720, hourStart.plus(1, ChronoUnit.HOURS).plusSeconds(300));
        records.add(record);
        return record;
    }

    public List<UsageRecord> all() {
        return List.copyOf(records);
    }

    @Override
    public Future<List<UsageRow>> usage(UsageQuery q) {
        Map<String, List<UsageRecord>> groups = records.stream()
                .filter(r -> !r.hourStart().isBefore(q.from()) && r.hourStart().isBefore(q.to()))
                .filter(r -> q.accountId() == null || q.accountId().equals(r.account()))
                .filter(r -> q.vmUuid() == null || q.vmUuid().equals(r.vmUuid()))
                .collect(Collectors.groupingBy(r -> period(r.hourStart(), q.granularity()) + "|"
                        + Objects.toString(r.account(), "") + "|" + (q.vmUuid() == null ? "" : r.vmUuid()),
                        TreeMap::new, Collectors.toList()));
        List<UsageRow> rows = new ArrayList<>();
        for (List<UsageRecord> group : groups.values()) {
            UsageRecord first = group.getFirst();
            long vmHours = group.stream().filter(r -> r.kind() == UsageRecord.Kind.HOUR).count();
            double covered = group.stream().mapToDouble(UsageRecord::coveredSeconds).sum();
            rows.add(new UsageRow(period(first.hourStart(), q.granularity()), q.granularity(), first.account(),
                    q.vmUuid() == null ? null : first.vmUuid(), vmHours,
                    vmHours == 0 ? 0 : Math.min(1, covered / (vmHours * 3600.0)),
                    sum(group, UsageRecord::runningSeconds), sum(group, UsageRecord::vcpuSeconds),
                    sum(group, UsageRecord::cpuSeconds), sum(group, UsageRecord::memoryGibHours),
                    sum(group, UsageRecord::memoryUsedGibHours), sum(group, UsageRecord::diskReadBytes),
                    sum(group, UsageRecord::diskWriteBytes), sum(group, UsageRecord::netRxBytes),
                    sum(group, UsageRecord::netTxBytes)));
        }
        rows.sort(Comparator.comparing(UsageRow::periodStart));
        return Future.succeededFuture(rows);
    }

    @Override
    public Future<UsageFeedPage> feed(String after, int limit) {
        long from;
        try {
            from = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            return Future.failedFuture(new PortFailure.InvalidCursor("'" + after + "' is not a feed cursor"));
        }
        List<UsageRecord> snapshot = List.copyOf(records);
        if (from < 0 || from > snapshot.size()) {
            return Future.failedFuture(new PortFailure.InvalidCursor("cursor " + after + " is ahead of the feed"));
        }
        List<UsageRecord> tail = snapshot.subList((int) from, snapshot.size());
        List<UsageRecord> page = tail.subList(0, Math.min(limit, tail.size()));
        String next = page.isEmpty() ? Long.toString(from) : Long.toString(page.getLast().sequence());
        return Future.succeededFuture(new UsageFeedPage(page, next, tail.size() > page.size()));
    }

    private static Instant period(Instant hour, UsageGranularity granularity) {
        return switch (granularity) {
            case HOUR -> hour;
            case DAY -> hour.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> hour.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        };
    }

    private static double sum(List<UsageRecord> group, java.util.function.ToDoubleFunction<UsageRecord> amount) {
        return group.stream().mapToDouble(amount).sum();
    }
}
