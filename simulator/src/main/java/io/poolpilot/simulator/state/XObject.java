package io.poolpilot.simulator.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object of the simulated XAPI database (a VM, a host, a PBD...), keyed by XAPI field names.
 * XAPI's schema is wide and dynamic, so fields live in a map of immutable wire values (String, Long,
 * Double, Boolean, Instant, List, Map); every change replaces a value, which makes a snapshot a
 * shallow copy. Guarded by its pool's lock.
 */
public final class XObject {
    private final String xapiClass;
    private final String ref;
    private final String uuid;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

    XObject(String xapiClass, String ref, String uuid) {
        this.xapiClass = xapiClass;
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

    /** The record as get_record returns it (a copy). */
    public Map<String, Object> record() {
        return new LinkedHashMap<>(fields);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public Object get(String field) {
        return fields.get(field);
    }

    public String str(String field) {
        Object v = fields.get(field);
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

    /** Sets a field; lists and maps are copied so stored values never change under a snapshot. */
    public XObject set(String field, Object value) {
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        } else if (value instanceof Map<?, ?> m) {
            value = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        } else if (!(value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof Instant)) {
            throw new IllegalArgumentException("field " + xapiClass + "." + field + " cannot hold a " + value.getClass());
        }
        fields.put(field, value);
        return this;
    }

    @Override
    public String toString() {
        return xapiClass + "(" + str("name_label") + " " + ref + ")";
    }
}
