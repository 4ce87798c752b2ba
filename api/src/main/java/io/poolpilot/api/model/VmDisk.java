package io.poolpilot.api.model;

import java.util.Objects;

/** A disk of a VM in plain words: its name, size, the storage (SR) it lives on, the device the guest sees. */
public record VmDisk(String name, long sizeBytes, String storage, String device, boolean readOnly) {
    public VmDisk {
        Objects.requireNonNull(name, "disk name");
        Objects.requireNonNull(storage, "disk storage");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("disk " + name + ": sizeBytes must be >= 0, got " + sizeBytes);
        }
    }
}
