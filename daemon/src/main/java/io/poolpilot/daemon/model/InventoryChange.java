package io.poolpilot.daemon.model;

import java.util.Map;

/** A change in what a pool contains (pools, hosts, VMs), journaled alongside the samples. */
public sealed interface InventoryChange extends Observation {

    /** When the collector observed the change, Unix milliseconds. */
    long timeMillis();

    /** A pool exists with this name. */
    record PoolSeen(String poolUuid, String name, long timeMillis) implements InventoryChange {
        public PoolSeen {
            Checks.uuid("poolUuid", poolUuid);
            name = name == null ? "" : name;
            Checks.positive("timeMillis", timeMillis);
        }
    }

    /** A host exists (or changed) with these attributes. */
    record HostSeen(String poolUuid, String hostUuid, String name, String address, int cpuCount,
                    long memoryTotalBytes, boolean enabled, long timeMillis) implements InventoryChange {
        public HostSeen {
            Checks.uuid("poolUuid", poolUuid);
            Checks.uuid("hostUuid", hostUuid);
            name = name == null ? "" : name;
            address = address == null ? "" : address;
            Checks.notNegative("cpuCount", cpuCount);
            Checks.notNegative("memoryTotalBytes", memoryTotalBytes);
            Checks.positive("timeMillis", timeMillis);
        }
    }

    /**
     * A VM exists (or changed) with these attributes.
     *
     * @param hostUuid       where it runs; null when it is halted (or otherwise not resident)
     * @param billingAccount the account it is billed to; null when none is assigned
     * @param labels         free-form labels such as an anti-affinity group; never null
     */
    record VmSeen(String poolUuid, String vmUuid, String name, String hostUuid, PowerState powerState,
                  int vcpus, long memoryBytes, String billingAccount, Map<String, String> labels,
                  long timeMillis) implements InventoryChange {
        public VmSeen {
            Checks.uuid("poolUuid", poolUuid);
            Checks.uuid("vmUuid", vmUuid);
            name = name == null ? "" : name;
            Checks.optionalUuid("hostUuid", hostUuid);
            if (powerState == null) {
                throw new IllegalArgumentException("powerState of VM " + vmUuid + " must not be null");
            }
            Checks.notNegative("vcpus", vcpus);
            Checks.notNegative("memoryBytes", memoryBytes);
            if (billingAccount != null && billingAccount.isBlank()) {
                billingAccount = null;
            }
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            Checks.positive("timeMillis", timeMillis);
        }
    }

    /** A VM was destroyed. */
    record VmGone(String poolUuid, String vmUuid, long timeMillis) implements InventoryChange {
        public VmGone {
            Checks.uuid("poolUuid", poolUuid);
            Checks.uuid("vmUuid", vmUuid);
            Checks.positive("timeMillis", timeMillis);
        }
    }

    /** A host left the pool. */
    record HostGone(String poolUuid, String hostUuid, long timeMillis) implements InventoryChange {
        public HostGone {
            Checks.uuid("poolUuid", poolUuid);
            Checks.uuid("hostUuid", hostUuid);
            Checks.positive("timeMillis", timeMillis);
        }
    }
}
