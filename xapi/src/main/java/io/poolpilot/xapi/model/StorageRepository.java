package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A storage repository (SR): where disks live, shared by the pool or local to one host. */
public record StorageRepository(String ref, String uuid, String nameLabel, String type, boolean shared,
                                long physicalSizeBytes, long physicalUtilisationBytes,
                                long virtualAllocationBytes, List<String> storageAttachments,
                                List<String> disks) implements XapiObject {

    public StorageRepository {
        XapiObject.requireIdentity("StorageRepository", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(type, "type");
        storageAttachments = List.copyOf(storageAttachments);
        disks = List.copyOf(disks);
    }

    public static StorageRepository fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("SR", ref, fields);
        return new StorageRepository(ref, f.uuid(), f.string("name_label"), f.string("type"), f.bool("shared"),
                f.int64Or("physical_size", 0), f.int64Or("physical_utilisation", 0),
                f.int64Or("virtual_allocation", 0), f.refs("PBDs"), f.refs("VDIs"));
    }
}
