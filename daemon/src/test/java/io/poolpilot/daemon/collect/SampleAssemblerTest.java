package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.EntityKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SampleAssemblerTest {

    private static final String POOL = "11111111-1111-1111-1111-111111111111";
    private static final String HOST = "22222222-2222-2222-2222-222222222222";
    private static final String VM = "33333333-3333-3333-3333-333333333333";

    private static DataPoint vm(String source, long t, double v) {
        return new DataPoint(EntityKind.VM, VM, source, t, v);
    }

    private static DataPoint host(String source, long t, double v) {
        return new DataPoint(EntityKind.HOST, HOST, source, t, v);
    }

    @Test
    void vmPointsOfOneInstantBecomeOneWideSampleWithUnitsConverted() {
        var result = SampleAssembler.assemble(POOL, HOST, 5, List.of(
                vm("cpu0", 100, 0.5), vm("cpu1", 100, 0.25), vm("memory", 100, 4096.0 * 1024 * 1024),
                vm("memory_internal_free", 100, 1024), vm("memory_target", 100, 2048),
                vm("vif_0_rx", 100, 10), vm("vif_1_rx", 100, 5), vm("vif_0_tx", 100, 7),
                vm("vbd_xvda_read", 100, 100), vm("vbd_xvdb_read", 100, 50), vm("vbd_xvda_write", 100, 30),
                vm("vbd_xvda_read_latency", 100, 999)));
        assertThat(result.samples()).hasSize(1);
        VmSample s = (VmSample) result.samples().getFirst();
        assertThat(s.vcpus()).isEqualTo(2);
        assertThat(s.cpuUsedCores()).isCloseTo(0.75, within(1e-12));
        assertThat(s.memoryFreeBytes()).isEqualTo(1024 * 1024.0);
        assertThat(s.netRxBytesPerSecond()).isEqualTo(15);
        assertThat(s.netTxBytesPerSecond()).isEqualTo(7);
        assertThat(s.diskReadBytesPerSecond()).isEqualTo(150);
        assertThat(s.diskWriteBytesPerSecond()).isEqualTo(30);
        assertThat(s.hostUuid()).isEqualTo(HOST);
        assertThat(result.ignoredDataSources()).containsExactly("vbd_xvda_read_latency");
    }

    @Test
    void hostPointsConvertKibAndSkipTheAggregatePif() {
        var result = SampleAssembler.assemble(POOL, HOST, 5, List.of(
                host("cpu_avg", 100, 0.4), host("cpu0", 100, 0.3), host("cpu1", 100, 0.5),
                host("memory_total_kib", 100, 1024), host("memory_free_kib", 100, 512), host("loadavg", 100, 1.5),
                host("pif_eth0_rx", 100, 10), host("pif_eth1_rx", 100, 20), host("pif_aggr_rx", 100, 30)));
        HostSample s = (HostSample) result.samples().getFirst();
        assertThat(s.cpuCount()).isEqualTo(2);
        assertThat(s.cpuFraction()).isEqualTo(0.4);
        assertThat(s.memoryTotalBytes()).isEqualTo(1024 * 1024.0);
        assertThat(s.memoryFreeBytes()).isEqualTo(512 * 1024.0);
        assertThat(s.netRxBytesPerSecond()).isEqualTo(30);
        assertThat(s.netTxBytesPerSecond()).isNaN();
        assertThat(result.ignoredDataSources()).containsExactly("pif_aggr_rx");
    }

    @Test
    void missingValuesStayAbsentAndInstantsStaySeparate() {
        var result = SampleAssembler.assemble(POOL, HOST, 5, List.of(
                vm("cpu0", 100, 0.5), vm("cpu0", 105, 0.6), vm("memory", 105, 1e9)));
        assertThat(result.samples()).hasSize(2);
        VmSample first = (VmSample) result.samples().getFirst();
        assertThat(first.memoryBytes()).isNaN();
        assertThat(first.netRxBytesPerSecond()).isNaN();
    }

    @Test
    void invalidAndForeignPointsAreCountedNotFatal() {
        var result = SampleAssembler.assemble(POOL, HOST, 5, List.of(
                vm("cpu0", 100, Double.POSITIVE_INFINITY),
                new DataPoint(EntityKind.SR, "44444444-4444-4444-4444-444444444444", "io_throughput_read", 100, 1),
                vm("cpu0", 105, -3.0),
                vm("cpu0", 110, 0.2)));
        assertThat(result.skipped()).containsEntry("not_finite", 1).containsEntry("entity_sr", 1)
                .containsEntry("invalid_sample", 1);
        assertThat(result.samples()).hasSize(1);
        assertThat(result.samples().getFirst().timeSeconds()).isEqualTo(110);
    }
}
