package io.poolpilot.daemon.billing;

import io.poolpilot.daemon.usage.UsageAmounts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageQueriesTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void csvHasAHeaderOneLinePerRowAndDefusesFormulasAndCommas() {
        UsageAmounts a = new UsageAmounts(3600, 3600, 7200, 1800, 2, 1, 3600, 10, 20, 30, 40, 720);
        String csv = UsageQueries.toCsv(List.of(
                new UsageRow("acme, inc", null, Granularity.DAY, T, 24, 0.5, a),
                new UsageRow("=cmd()", "vm-1", Granularity.HOUR, T, 1, 1.0, a)));
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("period_start,granularity,account,vm_uuid,vm_hours,coverage,running_seconds");
        assertThat(lines[1]).startsWith("2026-11-01T00:00:00Z,day,\"acme, inc\",,24,0.500000,3600.000000,7200.000000,1800.000000");
        assertThat(lines[2]).contains(",\"'=cmd()\",vm-1,");
    }

    @Test
    void badCursorsLimitsAndRangesAreRejectedWithTheValue() {
        assertThat(UsageQueries.parseCursor(null)).isZero();
        assertThat(UsageQueries.parseCursor(UsageQueries.cursor(42))).isEqualTo(42);
        assertThatThrownBy(() -> UsageQueries.parseCursor("abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> UsageQueries.parseCursor("-3")).hasMessageContaining("'-3'");
        assertThatThrownBy(() -> new UsageQueries(null).feed(null, 0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new UsageQuery(null, null, T, T, Granularity.DAY)).hasMessageContaining("must be before");
        assertThatThrownBy(() -> new UsageQuery(null, null, T, T.plusSeconds(500L * 86400), Granularity.DAY))
                .hasMessageContaining("split it");
        assertThatThrownBy(() -> Granularity.fromWire("week")).hasMessageContaining("'week'");
        assertThat(Granularity.fromWire("Month")).isEqualTo(Granularity.MONTH);
    }
}
