package io.poolpilot.simulator.state;

import io.poolpilot.simulator.datamodel.Datamodel;
import io.poolpilot.simulator.datamodel.FieldType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object of the simulated XAPI database (a VM, a host, a PBD...), keyed by XAPI field names.
 * Fields live in a map of immutable wire values (String, Long, Double, Boolean, Instant, List, Map),
 * each checked against the field's declared type in XAPI's {@link Datamodel}; a record carries every
 * declared field, unset ones at their type's default, as XAPI's do. Every change replaces a value,
 * which makes a snapshot a shallow copy. Guarded by its pool's lock.
 */
public final class XObject {
    private final String xapiClass;
    private final Datamodel.XapiClass schema;
    private final String ref;
    private final String uuid;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

    XObject(String xapiClass, String ref, String uuid) {
        this.xapiClass = xapiClass;
        this.schema = Datamodel.xapi().require(xapiClass);
        this.ref = ref;
        this.uuid = uuid;
        fields.put("uuid", uuid);
    }

    public String xapiClass() {
        return xapiClass;
    }

    public String ref() {
        return ref;
    }

    public String uuid() {
        return uuid;
    }

    /** The record as get_record returns it (a copy): every declared field, in datamodel order. */
    public Map<String, Object> record() {
        Map<String, Object> out = new LinkedHashMap<>(schema.fields().size() * 2);
        for (Map.Entry<String, FieldType> f : schema.fields().entrySet()) {
            Object v = fields.get(f.getKey());
            out.put(f.getKey(), v != null ? v : f.getValue().defaultValue());
        }
        return out;
    }

    /** True when the field was set (not only defaulted). */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field's value, or its type's default when unset; null for a field the class does not declare. */
    public Object get(String field) {
        Object v = fields.get(field);
        if (v != null) {
            return v;
        }
        FieldType t = schema.type(field);
        return t == null ? null : t.defaultValue();
    }

    public String str(String field) {
        Object v = get(field);
        return v == null ? "" : v.toString();
    }

    public long num(String field) {
        Object v = fields.get(field);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    public boolean bool(String field) {
        return Boolean.TRUE.equals(fields.get(field));
    }

    @SuppressWarnings("unchecked")
    public List<String> refs(String field) {
        Object v = fields.get(field);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        Object v = fields.get(field);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * Sets a field; lists and maps are copied so stored values never change under a snapshot. A field the
     * class does not declare, or a value not of the declared type, is a bug in the simulator and throws.
     */
    public XObject set(String field, Object value) {
        FieldType type = schema.type(field);
        if (type == null) {
            throw new IllegalArgumentException("XAPI's " + xapiClass + " has no field '" + field + "'");
        }
        if (value != null && !type.accepts(value)) {
            throw new IllegalArgumentException("field " + xapiClass + "." + field + " is declared " + type
                    + " and cannot hold " + value.getClass().getSimpleName() + " " + value);
        }
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        } else if (value instanceof Map<?, ?> m) {
            value = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }
        fields.put(field, value);
        return this;
    }

    @Override
    public String toString() {
        return xapiClass + "(" + str("name_label") + " " + ref + ")";
    }
}
