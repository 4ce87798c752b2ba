package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertLabels;
import io.poolpilot.api.model.Severity;
import io.poolpilot.api.model.Silence;
import io.poolpilot.api.model.SilenceMatchers;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which alerts a silence mutes: labels from each kind's subject, every given matcher equal, only while active. */
class SilenceMatchingTest {

    private static final String SR = "0ba44d88-0000-4000-8000-000000000001";
    private static final String HOST = "6782d32d-0000-4000-8000-000000000002";
    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void eachKindsSubjectGivesItsHostSrOrVmLabel() {
        assertThat(AlertKind.STORAGE_LOST.labels("east", StorageLostRule.subject(SR, HOST)))
                .isEqualTo(new AlertLabels("storage-lost", "east", HOST, SR, null));
        assertThat(AlertKind.STORAGE_LOST_POOL.labels("east", SR)).isEqualTo(new AlertLabels("storage-lost-pool", "east", null, SR, null));
        assertThat(AlertKind.HOST_DOWN.labels("east", HOST)).isEqualTo(new AlertLabels("host-down", "east", HOST, null, null));
        assertThat(AlertKind.VM_STRANDED.labels("east", "vm-1").vmUuid()).isEqualTo("vm-1");
        Alert unknown = new Alert("1", "east", Severity.CRITICAL, "from-a-newer-daemon", HOST, "m", T, null);
        assertThat(AlertKind.labelsOf(unknown)).isEqualTo(new AlertLabels("from-a-newer-daemon", "east", null, null, null));
    }

    @Test
    void everyGivenMatcherMustEqualAndLeftOutOnesMatchAnything() {
        AlertLabels lost = AlertKind.STORAGE_LOST.labels("east", StorageLostRule.subject(SR, HOST));
        assertThat(new SilenceMatchers(null, null, HOST, null).select(lost)).isTrue();
        assertThat(new SilenceMatchers("storage-lost", "east", HOST, SR).select(lost)).isTrue();
        assertThat(new SilenceMatchers("storage-lost", "west", null, null).select(lost)).isFalse();
        assertThat(new SilenceMatchers("host-down", null, HOST, null).select(lost)).isFalse();
        assertThat(new SilenceMatchers(null, null, HOST, null).select(AlertKind.VM_STRANDED.labels("east", "vm-1"))).isFalse();
        assertThatThrownBy(() -> new SilenceMatchers(null, null, null, null)).hasMessageContaining("at least one matcher");
    }

    @Test
    void aSilenceMutesOnlyFromItsStartUntilItsEnd() {
        AlertLabels down = AlertKind.HOST_DOWN.labels("east", HOST);
        Silence silence = new Silence("s", new SilenceMatchers(null, "east", null, null), T, T.plusSeconds(60), "active",
                "oncall", T, "maintenance", null);
        assertThat(silence.mutes(down, T.minusSeconds(1))).isFalse();
        assertThat(Silence.stateAt(T, T.plusSeconds(60), T.minusSeconds(1))).isEqualTo("pending");
        assertThat(silence.mutes(down, T)).isTrue();
        assertThat(silence.mutes(down, T.plusSeconds(59))).isTrue();
        assertThat(silence.mutes(down, T.plusSeconds(60))).isFalse();
        assertThat(Silence.stateAt(T, T.plusSeconds(60), T.plusSeconds(60))).isEqualTo("expired");
    }
}
