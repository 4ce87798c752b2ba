package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.Map;
import java.util.Objects;

/**
 * A storage repository plugged into a host (PBD). Its {@code device_config} is deliberately not
 * read: it can hold storage credentials, which must never reach logs or the journal.
 */
public record StorageAttachment(String ref, String uuid, String host, String storageRepository,
                                boolean currentlyAttached) implements XapiObject {

    public StorageAttachment {
        XapiObject.requireIdentity("StorageAttachment", ref, uuid);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(storageRepository, "storageRepository");
    }

    public static StorageAttachment fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("PBD", ref, fields);
        return new StorageAttachment(ref, f.uuid(), f.ref("host").orElse(""), f.ref("SR").orElse(""),
                f.bool("currently_attached"));
    }
}
