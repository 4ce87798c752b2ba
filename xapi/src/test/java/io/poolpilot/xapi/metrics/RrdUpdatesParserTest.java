package io.poolpilot.xapi.metrics;

import io.poolpilot.xapi.XapiTransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RrdUpdatesParserTest {

    static final String HOST = "0f1e2d3c-0000-4000-8000-0000000000a1";
    static final String VM1 = "9c1d5a2e-0000-4000-8000-000000000001";
    static final String VM2 = "9c1d5a2e-0000-4000-8000-000000000002";

    final RrdUpdatesParser parser = new RrdUpdatesParser();
    final List<DataPoint> points = new ArrayList<>();

    static InputStream resource(String name) {
        InputStream in = RrdUpdatesParserTest.class.getResourceAsStream("/rrd/" + name);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        return in;
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xportBecomesPointsPerEntityAndDataSourceWithNaNLeftOut() throws IOException {
        RrdParseResult result;
        try (InputStream in = resource("host-with-two-vms.xml")) {
            result = parser.parseXml(in, points::add);
        }

        assertThat(result.meta()).isEqualTo(new RrdMeta(1764063300, 1764063310, 5, 3, 6));
        assertThat(result.rowsParsed()).isEqualTo(3);
        assertThat(result.points()).isEqualTo(11).isEqualTo(points.size());
        assertThat(result.absentValues()).isEqualTo(7);
        assertThat(result.skippedValues()).isZero();
        assertThat(points).contains(
                new DataPoint(EntityKind.HOST, HOST, "cpu_avg", 1764063310, 0.25),
                new DataPoint(EntityKind.VM, VM1, "memory", 1764063305, 4294967296.0),
                new DataPoint(EntityKind.VM, VM2, "cpu0", 1764063305, 0.01),
                new DataPoint(EntityKind.SR, "5b6c7d8e-0000-4000-8000-0000000000c1", "io_throughput_read", 1764063310, 1024.0));
        assertThat(points).noneMatch(p -> p.uuid().equals(VM2) && p.timeSeconds() == 1764063310);
    }

    @Test
    void jsonFormsStrictAndBareKeyedGiveTheSamePointsAsXml() throws IOException {
        List<DataPoint> fromXml = new ArrayList<>();
        try (InputStream in = resource("host-with-two-vms.xml")) {
            parser.parseXml(in, fromXml::add);
        }
        for (String fixture : List.of("host-with-two-vms.json", "host-with-two-vms-bare-keys.json")) {
            List<DataPoint> fromJson = new ArrayList<>();
            RrdParseResult result;
            try (InputStream in = resource(fixture)) {
                result = parser.parseJson(in, fromJson::add);
            }
            assertThat(fromJson).as(fixture).containsExactlyElementsOf(fromXml);
            assertThat(result.meta()).as(fixture).isEqualTo(new RrdMeta(1764063300, 1764063310, 5, 3, 6));
            assertThat(result.absentValues()).as(fixture).isEqualTo(7);
        }
    }

    @Test
    void malformedLegendEntriesAreCountedAndTheirColumnsSkipped() {
        String xml = """
                <xport><meta><start>0</start><step>5</step><end>5</end><rows>1</rows><columns>4</columns><legend>
                <entry>AVERAGE:vm:%s:cpu0</entry><entry>garbage</entry><entry>AVERAGE:vm::cpu1</entry>
                <entry>AVERAGE:container:abc:cpu0</entry>
                </legend></meta><data><row><t>5</t><v>0.1</v><v>0.2</v><v>0.3</v><v>0.4</v></row></data></xport>
                """.formatted(VM1);

        RrdParseResult result = parser.parseXml(text(xml), points::add);

        assertThat(result.skippedColumns()).isEqualTo(2);
        assertThat(points).containsExactly(
                new DataPoint(EntityKind.VM, VM1, "cpu0", 5, 0.1),
                new DataPoint(EntityKind.UNKNOWN, "abc", "cpu0", 5, 0.4));
    }

    @Test
    void unreadableCellsAndCellsBeyondTheLegendAreCountedNotDelivered() {
        String xml = """
                <xport><meta><legend><entry>AVERAGE:host:%s:cpu_avg</entry><entry>AVERAGE:host:%s:loadavg</entry>
                </legend></meta><data><row><t>5</t><v>lots</v><v>1.5</v><v>9.9</v></row>
                <row><t>soon</t><v>0.1</v><v>0.2</v></row></data></xport>
                """.formatted(HOST, HOST);

        RrdParseResult result = parser.parseXml(text(xml), points::add);

        assertThat(points).containsExactly(new DataPoint(EntityKind.HOST, HOST, "loadavg", 5, 1.5));
        assertThat(result.skippedValues()).as("'lots', the extra 9.9, and the untimed row's two").isEqualTo(4);
    }

    @Test
    void truncatedXmlDeliversOnlyCompleteRowsThenFails() {
        String xml = """
                <xport><meta><legend><entry>AVERAGE:vm:%s:cpu0</entry><entry>AVERAGE:vm:%s:cpu1</entry></legend></meta>
                <data><row><t>10</t><v>0.1</v><v>0.2</v></row><row><t>5</t><v>0.3</v>""".formatted(VM1, VM1);

        assertThatThrownBy(() -> parser.parseXml(text(xml), points::add))
                .isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("after 1 complete rows")
                .hasMessageContaining("incomplete row was dropped");
        assertThat(points).extracting(DataPoint::timeSeconds).containsExactly(10L, 10L);
    }

    @Test
    void truncatedJsonDeliversOnlyCompleteRowsThenFails() {
        String json = "{\"meta\":{\"legend\":[\"AVERAGE:vm:" + VM1 + ":cpu0\"]},\"data\":[{\"t\":10,\"values\":[0.5]},"
                + "{\"t\":5,\"values\":[0.";

        assertThatThrownBy(() -> parser.parseJson(text(json), points::add))
                .isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("after 1 complete rows");
        assertThat(points).containsExactly(new DataPoint(EntityKind.VM, VM1, "cpu0", 10, 0.5));
    }

    @Test
    void somethingElseThanAnXportIsRefused() {
        assertThatThrownBy(() -> parser.parseXml(text("<html><body>Unauthorised</body></html>"), points::add))
                .isInstanceOf(XapiTransportException.class).hasMessageContaining("not an xport");
        assertThatThrownBy(() -> parser.parseXml(text(""), points::add)).isInstanceOf(XapiTransportException.class);
        assertThatThrownBy(() -> parser.parseJson(text("[]"), points::add)).isInstanceOf(XapiTransportException.class);
    }

    @Test
    void entitiesFromADoctypeAreNotExpanded() {
        String xml = """
                <?xml version="1.0"?><!DOCTYPE xport [<!ENTITY e SYSTEM "file:///etc/hostname">]>
                <xport><meta><legend><entry>&e;</entry></legend></meta></xport>""";
        assertThatThrownBy(() -> parser.parseXml(text(xml), points::add)).isInstanceOf(XapiTransportException.class);
        assertThat(points).isEmpty();
    }
}
