package io.poolpilot.xapi.captured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.EntityKind;
import io.poolpilot.xapi.metrics.RrdMeta;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesParser;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.wire.XapiEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PoolPilot's client reads what real hosts sent: payloads captured from a Citrix Hypervisor 8.2 host
 * (see src/test/resources/captured/SOURCES.md for where each file came from), not payloads we wrote.
 */
class CapturedPayloadsTest {
    private static final String DIR = "/captured/datadog-citrix-hypervisor-8.2/";
    private static final String HOST = "4cff6b2b-a236-42e0-b388-c78a413f5f46";
    private static final String DOM0 = "cc11e6e9-5071-4707-830a-b87e5618e874";

    private static InputStream open(String name) {
        InputStream in = CapturedPayloadsTest.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("missing captured payload " + name);
        }
        return in;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String name) throws IOException {
        try (InputStream in = open(name)) {
            return new ObjectMapper().readValue(in, Map.class);
        }
    }

    @Test
    void realRrdUpdatesXmlGivesEveryHostAndVmValueIncludingDataSourcesWeDoNotUse() throws IOException {
        List<DataPoint> points = new ArrayList<>();
        RrdParseResult result;
        try (InputStream in = open("rrd_updates.xml")) {
            result = new RrdUpdatesParser().parseXml(in, points::add);
        }
        assertThat(result.meta()).isEqualTo(new RrdMeta(1630575340, 1630575355, 5, 4, 45));
        assertThat(result.rowsParsed()).isEqualTo(4);
        assertThat(result.points()).isEqualTo(4 * 45).isEqualTo(points.size());
        assertThat(result.skippedValues()).isZero();
        assertThat(points).contains(
                new DataPoint(EntityKind.HOST, HOST, "memory_total_kib", 1630575355, 10833308.0),
                new DataPoint(EntityKind.HOST, HOST, "cpu_avg", 1630575345, 0.1671),
                new DataPoint(EntityKind.HOST, HOST, "cpu0-C1", 1630575340, 0.8895),
                new DataPoint(EntityKind.HOST, HOST, "sr_70039e15-abfe-85f7-a703-798b05110ee8_cache_size", 1630575355, 0.0),
                new DataPoint(EntityKind.VM, DOM0, "memory", 1630575350, 1191182336.0),
                new DataPoint(EntityKind.VM, DOM0, "cpu0", 1630575355, 0.1379));
    }

    @Test
    void realRrdUpdatesJsonWithBareKeysParses() throws IOException {
        List<DataPoint> points = new ArrayList<>();
        RrdParseResult result;
        try (InputStream in = open("rrd_updates.json")) {
            result = new RrdUpdatesParser().parseJson(in, points::add);
        }
        assertThat(result.meta()).isEqualTo(new RrdMeta(1627907540, 1627907565, 5, 6, 31));
        assertThat(result.points()).isEqualTo(6 * 31);
        assertThat(points).contains(
                new DataPoint(EntityKind.HOST, HOST, "pif_eth0_tx", 1627907555, 47752.1328),
                new DataPoint(EntityKind.VM, DOM0, "cpu0", 1627907560, 0.0769));
    }

    @Test
    void realHostRecordDecodesAndItsUnknownFieldsAreIgnored() throws IOException {
        Map<String, Object> value = asMap(XapiEnvelope.unwrap("host.get_all_records", json("host_get_all_records.json")));
        assertThat(value).hasSize(1);
        Map.Entry<String, Object> e = value.entrySet().iterator().next();
        Host host = Host.fromWire(e.getKey(), asMap(e.getValue()));
        assertThat(host.uuid()).isEqualTo(HOST);
        assertThat(host.nameLabel()).isEqualTo("xenserver-c");
        assertThat(host.address()).isEqualTo("192.168.101.103");
        assertThat(host.enabled()).isTrue();
        assertThat(host.cpuCount()).isEqualTo(1);
        assertThat(host.memoryOverheadBytes()).isEqualTo(404_656_128L);
        assertThat(host.residentVms()).containsExactly("OpaqueRef:de1ceb6c-d694-4081-bd49-a847d0ab6171");
        assertThat(host.storageAttachments()).hasSize(4);
        assertThat(host.otherConfig()).containsEntry("boot_time", "1630403754.");
    }

    @Test
    void realVmRecordsDecodeControlDomainAndTemplate() throws IOException {
        Map<String, Object> records = json("vm_get_all_records.json");
        Vm dom0 = Vm.fromWire("OpaqueRef:de1ceb6c-d694-4081-bd49-a847d0ab6171",
                asMap(records.get("OpaqueRef:de1ceb6c-d694-4081-bd49-a847d0ab6171")));
        assertThat(dom0.uuid()).isEqualTo(DOM0);
        assertThat(dom0.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(dom0.memoryStaticMaxBytes()).isEqualTo(1_191_182_336L);
        assertThat(dom0.isGuest()).isFalse();
        assertThat(dom0.guestMetrics()).isEmpty();
        assertThat(dom0.otherConfig()).containsEntry("is_system_domain", "true");
        Vm template = Vm.fromWire("OpaqueRef:a9a92554-aecf-433f-b35c-0e5a73fbddfc",
                asMap(records.get("OpaqueRef:a9a92554-aecf-433f-b35c-0e5a73fbddfc")));
        assertThat(template.powerState()).isEqualTo(PowerState.HALTED);
        assertThat(template.residentOn()).isEmpty();
        assertThat(template.isGuest()).isFalse();
        assertThat(template.vcpusMax()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
