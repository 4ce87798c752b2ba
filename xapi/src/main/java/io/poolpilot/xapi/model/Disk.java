package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A virtual disk image (VDI) in a storage repository. */
public record Disk(String ref, String uuid, String nameLabel, String storageRepository, long virtualSizeBytes,
                   long physicalUtilisationBytes, boolean sharable, boolean readOnly,
                   List<String> diskAttachments) implements XapiObject {

    public Disk {
        XapiObject.requireIdentity("Disk", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(storageRepository, "storageRepository");
        diskAttachments = List.copyOf(diskAttachments);
    }

    public static Disk fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VDI", ref, fields);
        return new Disk(ref, f.uuid(), f.string("name_label"), f.ref("SR").orElse(""), f.int64("virtual_size"),
                f.int64Or("physical_utilisation", 0), f.boolOr("sharable", false), f.boolOr("read_only", false),
                f.refs("VBDs"));
    }
}
