package io.poolpilot.xapi.event;

import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.model.XapiObject;

import java.util.Objects;

/** One change to the inventory: an object appeared, changed or disappeared. */
public sealed interface InventoryChange {

    XapiClass<?> type();

    String ref();

    /** The object after the change; for {@link Removed}, the last state PoolPilot knew. */
    XapiObject record();

    /** The XAPI class name, e.g. {@code VM}. */
    default String className() {
        return type().apiName();
    }

    record Added(XapiClass<?> type, String ref, XapiObject record) implements InventoryChange {
        public Added {
            check(type, ref, record);
        }
    }

    record Modified(XapiClass<?> type, String ref, XapiObject previous, XapiObject record) implements InventoryChange {
        public Modified {
            check(type, ref, record);
            check(type, ref, previous);
        }
    }

    record Removed(XapiClass<?> type, String ref, XapiObject record) implements InventoryChange {
        public Removed {
            check(type, ref, record);
        }
    }

    private static void check(XapiClass<?> type, String ref, XapiObject record) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(record, "record");
        if (!type.type().isInstance(record)) {
            throw new IllegalArgumentException("a " + type + " change cannot carry a " + record.getClass().getSimpleName());
        }
        if (!record.ref().equals(ref)) {
            throw new IllegalArgumentException("change for " + ref + " carries the record of " + record.ref());
        }
    }
}
