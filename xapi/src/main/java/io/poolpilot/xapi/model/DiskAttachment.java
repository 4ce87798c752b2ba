package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A disk (or CD drive) attached to a VM (VBD); {@code disk} is empty for an empty CD drive. */
public record DiskAttachment(String ref, String uuid, String vm, Optional<String> disk, String device,
                             String userDevice, DiskAttachmentType type, boolean readOnly,
                             boolean currentlyAttached, boolean empty, boolean bootable) implements XapiObject {

    public DiskAttachment {
        XapiObject.requireIdentity("DiskAttachment", ref, uuid);
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(userDevice, "userDevice");
        Objects.requireNonNull(type, "type");
    }

    public static DiskAttachment fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VBD", ref, fields);
        return new DiskAttachment(ref, f.uuid(), f.ref("VM").orElse(""), f.ref("VDI"), f.stringOr("device", ""),
                f.stringOr("userdevice", ""), f.enumValue("type", DiskAttachmentType.class, DiskAttachmentType.UNKNOWN),
                "RO".equalsIgnoreCase(f.stringOr("mode", "RW")), f.bool("currently_attached"),
                f.boolOr("empty", false), f.boolOr("bootable", false));
    }
}
