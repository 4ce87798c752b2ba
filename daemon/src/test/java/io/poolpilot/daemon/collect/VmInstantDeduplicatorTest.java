package io.poolpilot.daemon.collect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VmInstantDeduplicatorTest {

    @Test
    void aVmReportedByTwoHostsDuringMigrationIsKeptOncePerInstant() {
        var dedup = new VmInstantDeduplicator();
        // The destination is polled first and already reports the VM for 115..125.
        assertThat(dedup.accept("vm", 115)).isTrue();
        assertThat(dedup.accept("vm", 120)).isTrue();
        assertThat(dedup.accept("vm", 125)).isTrue();
        // The source reports the earlier instants too: 100..110 are new, 115 and 120 repeat.
        assertThat(dedup.accept("vm", 100)).isTrue();
        assertThat(dedup.accept("vm", 110)).isTrue();
        assertThat(dedup.accept("vm", 115)).isFalse();
        assertThat(dedup.accept("vm", 120)).isFalse();
        assertThat(dedup.accept("other", 120)).isTrue();
    }

    @Test
    void forgettingAVmStartsItAfresh() {
        var dedup = new VmInstantDeduplicator();
        dedup.accept("vm", 100);
        dedup.forget("vm");
        assertThat(dedup.accept("vm", 100)).isTrue();
    }
}
