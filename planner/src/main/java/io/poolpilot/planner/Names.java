package io.poolpilot.planner;

import java.util.Map;

/**
 * Display names of a pool's objects (pool, hosts, VMs) by id, so that every text an operator reads names
 * an object as {@code east-03 (277c9dbc-...)}: the name they know, with the uuid beside it for scripts
 * and for telling apart two objects of the same name.
 *
 * @param byId id to name; ids without a name are shown as the id alone
 */
public record Names(Map<String, String> byId) {

    /** No names: every object is shown by its id. */
    public static final Names NONE = new Names(Map.of());

    public Names {
        byId = byId == null ? Map.of() : Map.copyOf(byId);
    }

    /** {@code name (id)}, or the id alone when the object has no name (or its name is its id). */
    public String of(String id) {
        String name = byId.get(id);
        return name == null || name.isBlank() || name.equals(id) ? id : name + " (" + id + ")";
    }
}
