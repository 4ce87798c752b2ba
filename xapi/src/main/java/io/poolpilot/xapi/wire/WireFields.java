package io.poolpilot.xapi.wire;

import io.poolpilot.xapi.XapiTransportException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One XAPI record on the wire, read field by field through {@link XapiCodec}. A missing or
 * ill-typed field that PoolPilot needs becomes an {@link XapiTransportException} naming the
 * class, the ref and the field; sets and maps that are absent read as empty; unknown fields are
 * simply never asked for.
 */
public final class WireFields {

    private static final Instant UNSET = Instant.EPOCH;

    private final String className;
    private final String ref;
    private final Map<String, Object> fields;

    private WireFields(String className, String ref, Map<String, Object> fields) {
        this.className = className;
        this.ref = ref;
        this.fields = fields;
    }

    public static WireFields of(String className, String ref, Map<String, Object> fields) {
        if (ref == null || ref.isBlank()) {
            throw new XapiTransportException(className + " record without a ref");
        }
        if (fields == null) {
            throw new XapiTransportException(className + " " + ref + ": record is null");
        }
        return new WireFields(className, ref, fields);
    }

    public String ref() {
        return ref;
    }

    public String uuid() {
        return string("uuid");
    }

    public String string(String name) {
        return read(name, XapiCodec::string);
    }

    public String stringOr(String name, String absent) {
        return fields.containsKey(name) ? string(name) : absent;
    }

    public long int64(String name) {
        return read(name, XapiCodec::int64);
    }

    public long int64Or(String name, long absent) {
        return fields.containsKey(name) ? int64(name) : absent;
    }

    /** An int64 that PoolPilot holds as an int (vCPU counts, MTUs); out of range is malformed. */
    public int int32(String name) {
        long value = int64(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw fail(name, "value " + value + " does not fit an int");
        }
        return (int) value;
    }

    public double float64(String name) {
        return read(name, XapiCodec::float64);
    }

    public boolean bool(String name) {
        return read(name, XapiCodec::bool);
    }

    public boolean boolOr(String name, boolean absent) {
        return fields.containsKey(name) ? bool(name) : absent;
    }

    /** A ref field that must be present; {@code OpaqueRef:NULL} reads as empty. */
    public Optional<String> ref(String name) {
        return read(name, XapiCodec::ref);
    }

    /** A ref field that older XAPIs may not send at all. */
    public Optional<String> refOrNone(String name) {
        return fields.containsKey(name) ? ref(name) : Optional.empty();
    }

    public List<String> refs(String name) {
        return fields.containsKey(name) ? read(name, XapiCodec::refs) : List.of();
    }

    public List<String> strings(String name) {
        return fields.containsKey(name) ? read(name, XapiCodec::strings) : List.of();
    }

    public Map<String, String> stringMap(String name) {
        return fields.containsKey(name) ? read(name, XapiCodec::stringMap) : Map.of();
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E unknown) {
        return read(name, v -> XapiCodec.enumValue(type, v, unknown));
    }

    /** A datetime; absent or XAPI's "never" (the epoch, 19700101T00:00:00Z) read as empty. */
    public Optional<Instant> dateTime(String name) {
        if (!fields.containsKey(name)) {
            return Optional.empty();
        }
        Instant at = read(name, XapiCodec::dateTime);
        return UNSET.equals(at) ? Optional.empty() : Optional.of(at);
    }

    private <T> T read(String name, java.util.function.Function<Object, T> decoder) {
        if (!fields.containsKey(name)) {
            throw fail(name, "is missing");
        }
        try {
            return decoder.apply(fields.get(name));
        } catch (IllegalArgumentException e) {
            throw new XapiTransportException(where(name) + ": " + e.getMessage(), e);
        }
    }

    private XapiTransportException fail(String name, String problem) {
        return new XapiTransportException(where(name) + " " + problem);
    }

    private String where(String name) {
        return className + " " + ref + ": field '" + name + "'";
    }
}
