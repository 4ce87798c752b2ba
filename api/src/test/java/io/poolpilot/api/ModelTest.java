package io.poolpilot.api;

import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.QuietHours;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records refuse bad values with messages that name them, as a second line behind request validation. */
class ModelTest {
    @Test
    void billingRecordsRefuseInconsistentValuesNamingThem() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        assertThatThrownBy(() -> new io.poolpilot.api.model.UsageQuery("acme", null, t, t.plus(Duration.ofDays(401)),
                io.poolpilot.api.model.UsageGranularity.DAY)).hasMessageContaining("400 days");
        assertThatThrownBy(() -> new io.poolpilot.api.model.UsageQuery("a b", null, t, t.plusSeconds(1),
                io.poolpilot.api.model.UsageGranularity.DAY)).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> new io.poolpilot.api.model.AccountOperation("30000000-0000-0000-0000-000000000001", "acme",
                io.poolpilot.api.model.AccountOperation.Action.RESUME, io.poolpilot.api.model.SuspendMode.SUSPEND, null, "bill",
                io.poolpilot.api.model.AccountOperation.State.SUCCEEDED, t, t, java.util.List.of()))
                .hasMessageContaining("a resume has no mode");
        assertThatThrownBy(() -> new io.poolpilot.api.model.AccountOperation("30000000-0000-0000-0000-000000000001", "acme",
                io.poolpilot.api.model.AccountOperation.Action.SUSPEND, io.poolpilot.api.model.SuspendMode.SUSPEND, "x", "bill",
                io.poolpilot.api.model.AccountOperation.State.RUNNING, t, t, java.util.List.of()))
                .hasMessageContaining("finishedAt");
        var record = new io.poolpilot.api.model.UsageRecord("30000000-0000-0000-0000-000000000001", 5,
                io.poolpilot.api.model.UsageRecord.Kind.HOUR, 0, "vm", "pool", null, t, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, t);
        var earlier = new io.poolpilot.api.model.UsageRecord("30000000-0000-0000-0000-000000000002", 4,
                io.poolpilot.api.model.UsageRecord.Kind.HOUR, 0, "vm", "pool", null, t, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, t);
        assertThatThrownBy(() -> new io.poolpilot.api.model.UsageFeedPage(java.util.List.of(record, earlier), "4", false))
                .hasMessageContaining("5 then 4");
        assertThatThrownBy(() -> new io.poolpilot.api.model.UsageRecord("30000000-0000-0000-0000-000000000001", 5,
                io.poolpilot.api.model.UsageRecord.Kind.ADJUSTMENT, 0, "vm", "pool", null, t, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, t))
                .hasMessageContaining("revision >= 1");
    }

    @Test
    void quietHoursMayWrapMidnight() {
        QuietHours night = QuietHours.parse("22:00-06:00");
        assertThat(night.contains(LocalTime.of(23, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        QuietHours lunch = QuietHours.parse("12:00-13:30");
        assertThat(lunch.contains(LocalTime.of(12, 45))).isTrue();
        assertThat(lunch.toString()).isEqualTo("12:00-13:30");
        assertThatThrownBy(() -> QuietHours.parse("10pm-6am")).hasMessageContaining("\"10pm-6am\"");
    }

    @Test
    void metricQueryBoundsStepAndRange() {
        Instant t = Instant.parse("2026-11-25T00:00:00Z");
        assertThat(new MetricQuery(t, t.plus(Duration.ofHours(1)), Duration.ofSeconds(5)).stepSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> new MetricQuery(t, t, Duration.ofSeconds(5))).hasMessageContaining("must be before");
        assertThatThrownBy(() -> new MetricQuery(t, t.plus(Duration.ofDays(1)), Duration.ofSeconds(1))).hasMessageContaining("step 1s");
        assertThatThrownBy(() -> new MetricQuery(t, t.plus(Duration.ofDays(30)), Duration.ofSeconds(5))).hasMessageContaining("raise step");
    }

    @Test
    void planRequestTiesHostIdToEvacuate() {
        assertThatThrownBy(() -> new PlanRequest(PlanMode.EVACUATE, null, PlanBudgets.DEFAULTS, null)).hasMessageContaining("hostId");
        assertThatThrownBy(() -> new PlanRequest(PlanMode.BALANCE, "0b7f0c4e-5c1a-4d9e-9a3e-2f6f3c1d2e4f", PlanBudgets.DEFAULTS, null))
                .hasMessageContaining("only for mode evacuate");
        assertThatThrownBy(() -> new PlanBudgets(0, 1, 1)).hasMessageContaining("maxMigrations must be 1..1000, got 0");
    }

    @Test
    void apiBindsLoopbackOnly() {
        assertThat(ApiConfig.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(new ApiConfig("127.0.0.2", 0, 65536, Duration.ofSeconds(1), null).host()).isEqualTo("127.0.0.2");
        assertThat(new ApiConfig("::1", 0, 65536, Duration.ofSeconds(1), null).host()).isEqualTo("::1");
        assertThatThrownBy(() -> new ApiConfig("0.0.0.0", 0, 65536, Duration.ofSeconds(1), null)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new ApiConfig("10.0.0.1", 0, 65536, Duration.ofSeconds(1), null)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new ApiConfig("example.org", 0, 65536, Duration.ofSeconds(1), null)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new ApiConfig(null, 0, 65536, Duration.ofSeconds(1), "short")).hasMessageContaining("cursorSecret");
    }
}
