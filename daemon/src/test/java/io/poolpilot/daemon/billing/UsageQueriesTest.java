package io.poolpilot.daemon.billing;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageQueriesTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

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
