package io.poolpilot.simulator.scenario;

/** A shared storage repository seen by every host of the pool through one PBD each. */
public record StorageSpec(String name, String type, double sizeGiB) {
    public StorageSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("storage 'name' is required");
        }
        if (type == null || type.isBlank()) {
            type = "nfs";
        }
        if (sizeGiB == 0) {
            sizeGiB = 4096;
        }
        if (sizeGiB < 0) {
            throw new IllegalArgumentException("storage '" + name + "': sizeGiB must be > 0 but was " + sizeGiB);
        }
    }
}
