package io.poolpilot.daemon.control;

import io.poolpilot.api.model.MetricPoint;
import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.MetricSeries;
import io.poolpilot.api.model.Resolution;
import io.poolpilot.api.port.MetricsPort;
import io.poolpilot.daemon.store.Relations;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metric series from the stored samples: raw 5 s rows for steps under a minute, the 1-minute rollup
 * for steps under an hour, else the 1-hour rollup; averaged per step, with gaps left as nulls.
 */
public final class SqlMetrics implements MetricsPort {

    static final List<String> VM_METRICS = List.of("cpu_used_cores", "memory_bytes", "net_rx_bytes_per_second",
            "net_tx_bytes_per_second", "disk_read_bytes_per_second", "disk_write_bytes_per_second");
    static final List<String> HOST_METRICS = List.of("cpu_fraction", "memory_free_bytes", "load_average",
            "net_rx_bytes_per_second", "net_tx_bytes_per_second");

    private record Subject(String dimension, String uuidColumn, String idColumn, List<String> metrics,
                           String raw, String minute, String hour) {
    }

    private static final Subject VM = new Subject(Relations.VM, "vm_uuid", "vm_id", VM_METRICS,
            Relations.VM_SAMPLE, Relations.VM_SAMPLE_1M, Relations.VM_SAMPLE_1H);
    private static final Subject HOST = new Subject(Relations.HOST, "host_uuid", "host_id", HOST_METRICS,
            Relations.HOST_SAMPLE, Relations.HOST_SAMPLE_1M, Relations.HOST_SAMPLE_1H);

    private final Db db;

    public SqlMetrics(Db db) {
        this.db = db;
    }

    @Override
    public Future<Optional<MetricSeries>> hostSeries(String hostUuid, MetricQuery query) {
        return db.call(c -> series(c, HOST, hostUuid, query));
    }

    @Override
    public Future<Optional<MetricSeries>> vmSeries(String vmUuid, MetricQuery query) {
        return db.call(c -> series(c, VM, vmUuid, query));
    }

    /** Which stored series answers a step. */
    public static Resolution resolutionFor(long stepSeconds) {
        return stepSeconds < 60 ? Resolution.RAW : stepSeconds < 3600 ? Resolution.MINUTE : Resolution.HOUR;
    }

    private static Optional<MetricSeries> series(Connection c, Subject subject, String uuid, MetricQuery query)
            throws SQLException {
        Integer id = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + subject.idColumn() + " FROM " + subject.dimension()
                + " WHERE " + subject.uuidColumn() + " = ?")) {
            ps.setString(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getInt(1);
                }
            }
        }
        if (id == null) {
            return Optional.empty();
        }
        long step = query.stepSeconds();
        Resolution resolution = resolutionFor(step);
        String table = switch (resolution) {
            case RAW -> subject.raw();
            case MINUTE -> subject.minute();
            case HOUR -> subject.hour();
        };
        String time = resolution == Resolution.RAW ? "ts" : "bucket";
        StringBuilder select = new StringBuilder("SELECT floor(extract(epoch FROM " + time + ") / ?)::bigint AS slot");
        for (String metric : subject.metrics()) {
            String column = resolution == Resolution.RAW ? metric : metric + "_avg";
            select.append(", avg(").append(column).append(")::double precision");
        }
        select.append(" FROM ").append(table).append(" WHERE ").append(subject.idColumn()).append(" = ? AND ")
                .append(time).append(" >= ? AND ").append(time).append(" < ? GROUP BY 1 ORDER BY 1");
        Map<Long, List<Double>> bySlot = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select.toString())) {
            ps.setLong(1, step);
            ps.setInt(2, id);
            ps.setTimestamp(3, Timestamp.from(query.from()));
            ps.setTimestamp(4, Timestamp.from(query.to()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Double> values = new ArrayList<>();
                    for (int i = 0; i < subject.metrics().size(); i++) {
                        double v = rs.getDouble(i + 2);
                        values.add(rs.wasNull() ? null : v);
                    }
                    bySlot.put(rs.getLong(1), values);
                }
            }
        }
        List<MetricPoint> points = new ArrayList<>();
        List<Double> gap = new ArrayList<>();
        subject.metrics().forEach(m -> gap.add(null));
        long first = Math.floorDiv(query.from().getEpochSecond(), step);
        long end = query.to().getEpochSecond();
        for (long slot = first; slot * step < end; slot++) {
            points.add(new MetricPoint(Instant.ofEpochSecond(slot * step), bySlot.getOrDefault(slot, gap)));
        }
        return Optional.of(new MetricSeries(uuid, query.from(), query.to(), step, resolution, subject.metrics(), points));
    }
}
