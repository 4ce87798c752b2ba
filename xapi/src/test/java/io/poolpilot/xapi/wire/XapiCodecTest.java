package io.poolpilot.xapi.wire;

import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XapiCodecTest {

    @Test
    void int64ArrivesAsDecimalStringAndLeavesAsOne() {
        assertThat(XapiCodec.int64("17179869184")).isEqualTo(17_179_869_184L);
        assertThat(XapiCodec.int64(42)).isEqualTo(42L);
        assertThat(XapiCodec.toWire(17_179_869_184L)).isEqualTo("17179869184");
        assertThat(XapiCodec.toWire(3)).isEqualTo("3");
        assertThatThrownBy(() -> XapiCodec.int64("12GB")).hasMessageContaining("'12GB'");
    }

    @Test
    void nullRefReadsAsEmptyAndIsDroppedFromSets() {
        assertThat(XapiCodec.ref("OpaqueRef:NULL")).isEmpty();
        assertThat(XapiCodec.ref("")).isEmpty();
        assertThat(XapiCodec.ref("OpaqueRef:abc")).contains("OpaqueRef:abc");
        assertThat(XapiCodec.refs(new Object[] {"OpaqueRef:a", "OpaqueRef:NULL", "OpaqueRef:b"}))
                .containsExactly("OpaqueRef:a", "OpaqueRef:b");
        assertThat(XapiCodec.toWire(Optional.empty())).isEqualTo("OpaqueRef:NULL");
    }

    @Test
    void enumsMatchIdlSpellingAndUnknownValuesDoNotCrash() {
        assertThat(XapiCodec.enumValue(PowerState.class, "Running", PowerState.UNKNOWN)).isEqualTo(PowerState.RUNNING);
        assertThat(XapiCodec.enumValue(TaskStatus.class, "cancelling", TaskStatus.UNKNOWN))
                .isEqualTo(TaskStatus.CANCELLING);
        assertThat(XapiCodec.enumValue(PowerState.class, "Crashed", PowerState.UNKNOWN)).isEqualTo(PowerState.UNKNOWN);
        assertThat(XapiCodec.toWire(TaskStatus.PENDING)).isEqualTo("pending");
    }

    @Test
    void datetimeAcceptsXapiCompactDashedAndZonelessForms() {
        Instant expected = Instant.parse("2026-11-25T09:36:02Z");
        assertThat(XapiCodec.dateTime("20261125T09:36:02Z")).isEqualTo(expected);
        assertThat(XapiCodec.dateTime("20261125T09:36:02")).isEqualTo(expected);
        assertThat(XapiCodec.dateTime("2026-11-25T09:36:02Z")).isEqualTo(expected);
        assertThat(XapiCodec.dateTime("2026-11-25T10:36:02+01:00")).isEqualTo(expected);
        assertThat(XapiCodec.dateTime(Date.from(expected))).isEqualTo(expected);
        assertThatThrownBy(() -> XapiCodec.dateTime("yesterday")).hasMessageContaining("'yesterday'");
    }

    @Test
    void setsAndMapsDecodeFromApacheShapes() {
        assertThat(XapiCodec.strings(new Object[] {"a", "b"})).containsExactly("a", "b");
        assertThat(XapiCodec.strings(List.of("a"))).containsExactly("a");
        assertThat(XapiCodec.stringMap(Map.of("k", "v", "n", 1))).containsEntry("k", "v").containsEntry("n", "1");
        assertThatThrownBy(() -> XapiCodec.struct("x")).hasMessageContaining("expected a struct");
    }

    @Test
    void anEmptyMapReadsTheSameAsAStructOrAsAnEmptyArray() {
        assertThat(XapiCodec.stringMap(new java.util.HashMap<>())).isEmpty();
        assertThat(XapiCodec.stringMap(new Object[0])).isEmpty();
        assertThat(XapiCodec.stringMap(java.util.List.of())).isEmpty();
        assertThatThrownBy(() -> XapiCodec.struct(new Object[] {"x"})).hasMessageContaining("expected a struct");
    }

    @Test
    void argumentsAreConvertedDeeplyForTheWire() {
        Object wire = XapiCodec.toWire(Map.of("live", true, "memory", 1024L, "tags", List.of(1L, "x")));
        assertThat(wire).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) wire;
        assertThat(map.get("memory")).isEqualTo("1024");
        assertThat((Object[]) map.get("tags")).containsExactly("1", "x");
        assertThat(map.get("live")).isEqualTo(true);
        assertThatThrownBy(() -> XapiCodec.toWire(null)).hasMessageContaining("OpaqueRef:NULL");
    }
}
