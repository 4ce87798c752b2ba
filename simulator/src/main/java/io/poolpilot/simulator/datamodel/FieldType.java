package io.poolpilot.simulator.datamodel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A field's declared type in XAPI's datamodel, parsed from the spelling of xenapi.json
 * ({@code int}, {@code VM ref}, {@code (string -> string) map}, {@code enum vm_power_state}...).
 * Values are held as String (string, ref, enum), Long, Double, Boolean, Instant, List and Map.
 */
public sealed interface FieldType {
    /** The value a field of this type has when nothing was set: what XAPI writes for a fresh object. */
    Object defaultValue();

    /** True when {@code value} is of the Java form this type is held in. */
    boolean accepts(Object value);

    /** string, int, float, bool, datetime. */
    enum Scalar implements FieldType {
        STRING(""), INT(0L), FLOAT(0.0), BOOL(false), DATETIME(Instant.EPOCH);

        private final Object zero;

        Scalar(Object zero) {
            this.zero = zero;
        }

        @Override
        public Object defaultValue() {
            return zero;
        }

        @Override
        public boolean accepts(Object value) {
            return zero.getClass().isInstance(value);
        }
    }

    /** A reference to an object of a class; OpaqueRef:NULL when unset. */
    record Ref(String xapiClass) implements FieldType {
        public static final String NULL = "OpaqueRef:NULL";

        @Override
        public Object defaultValue() {
            return NULL;
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof String;
        }
    }

    /** One of an enumeration's values; the first value when unset (XAPI's fields always hold one). */
    record Enum(String name, List<String> values) implements FieldType {
        @Override
        public Object defaultValue() {
            return values.isEmpty() ? "" : values.getFirst();
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof String s && (values.isEmpty() || values.contains(s));
        }
    }

    /** A set, on the wire an array. */
    record SetOf(FieldType element) implements FieldType {
        @Override
        public Object defaultValue() {
            return List.of();
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof List<?>;
        }
    }

    /** A map, on the wire a struct (also when empty); keys that are not strings travel as their string form. */
    record MapOf(FieldType key, FieldType value) implements FieldType {
        @Override
        public Object defaultValue() {
            return Map.of();
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof Map<?, ?>;
        }
    }

    /** An optional value (XAPI writes the empty form of the inner type when absent). */
    record Option(FieldType inner) implements FieldType {
        @Override
        public Object defaultValue() {
            return inner.defaultValue();
        }

        @Override
        public boolean accepts(Object value) {
            return inner.accepts(value);
        }
    }

    /** A nested record (a struct). */
    record RecordOf(String xapiClass) implements FieldType {
        @Override
        public Object defaultValue() {
            return Map.of();
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof Map<?, ?>;
        }
    }
}
