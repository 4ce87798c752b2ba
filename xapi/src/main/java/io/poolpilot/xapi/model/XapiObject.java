package io.poolpilot.xapi.model;

/** A record read from XAPI: every one carries its ref (the handle within a pool) and its uuid. */
public sealed interface XapiObject
        permits Pool, Host, HostMetrics, Vm, VmMetrics, VmGuestMetrics, StorageRepository,
        StorageAttachment, DiskAttachment, Disk, NetworkInterface, Network, Task {

    String ref();

    String uuid();

    /** Checks the two identity fields every record shares; used by the compact constructors. */
    static void requireIdentity(String kind, String ref, String uuid) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException(kind + " needs a ref, got '" + ref + "'");
        }
        if (uuid == null || uuid.isBlank()) {
            throw new IllegalArgumentException(kind + " " + ref + " needs a uuid, got '" + uuid + "'");
        }
    }
}
