package io.poolpilot.daemon.policy;

import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.QuietHours;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AutomaticApprovalTest {

    private static final long GIB = 1L << 30;
    private static final Instant MORNING = Instant.parse("2026-11-25T08:30:00Z");

    @Test
    void approvesWhatFitsTheHourlyLimits() {
        var decision = AutomaticApproval.decide(new PolicyLimits(10, 64, null), 6, 20 * GIB, 4, 16 * GIB, MORNING);
        assertThat(decision.approve()).isTrue();
        assertThat(decision.reason()).contains("6+4 of 10 migrations/h");
    }

    @Test
    void refusesWhenMigrationsOrGigabytesWouldExceedTheHour() {
        assertThat(AutomaticApproval.decide(new PolicyLimits(10, 64, null), 7, 0, 4, GIB, MORNING))
                .satisfies(d -> assertThat(d.approve()).isFalse())
                .satisfies(d -> assertThat(d.reason()).contains("7+4 migrations exceed 10"));
        assertThat(AutomaticApproval.decide(new PolicyLimits(10, 8, null), 0, 6 * GIB, 1, 4 * GIB, MORNING))
                .satisfies(d -> assertThat(d.approve()).isFalse())
                .satisfies(d -> assertThat(d.reason()).contains("GiB exceed 8.0"));
    }

    @Test
    void refusesInQuietHoursIncludingAWindowOverMidnight() {
        PolicyLimits nights = new PolicyLimits(10, 64, QuietHours.parse("22:00-06:00"));
        assertThat(AutomaticApproval.decide(nights, 0, 0, 1, GIB, Instant.parse("2026-11-25T23:30:00Z")).approve()).isFalse();
        assertThat(AutomaticApproval.decide(nights, 0, 0, 1, GIB, Instant.parse("2026-11-25T05:59:00Z")).reason())
                .contains("quiet hours 22:00-06:00");
        assertThat(AutomaticApproval.decide(nights, 0, 0, 1, GIB, Instant.parse("2026-11-25T06:00:00Z")).approve()).isTrue();
    }
}
