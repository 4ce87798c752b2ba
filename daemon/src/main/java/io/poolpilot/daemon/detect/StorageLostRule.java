package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.StorageAttachment;
import io.poolpilot.xapi.model.StorageRepository;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code storage-lost}: an SR that is not attached on an enabled, live host that has it (a detached PBD).
 * A down or disabled host's detached storage is left to {@code host-down} and the operator who disabled it.
 */
public final class StorageLostRule implements Rule {

    @Override
    public Set<Condition> holding(Inventory inventory, Instant now) {
        Set<Condition> out = new LinkedHashSet<>();
        for (StorageAttachment attachment : inventory.storageAttachments().values()) {
            if (attachment.currentlyAttached()) {
                continue;
            }
            Host host = inventory.hosts().get(attachment.host());
            StorageRepository sr = inventory.storageRepositories().get(attachment.storageRepository());
            if (host == null || sr == null || !host.enabled() || !HostLiveness.live(inventory, host)) {
                continue;
            }
            out.add(new Condition(AlertKind.STORAGE_LOST, subject(sr.uuid(), host.uuid()),
                    (sr.shared() ? "shared " : "") + "SR " + sr.nameLabel() + " (" + sr.uuid() + ") is not attached on host "
                            + HostLiveness.named(host) + ": its disks there are unreachable"));
        }
        return out;
    }

    /** The subject of a storage-lost alert: which SR on which host. */
    public static String subject(String srUuid, String hostUuid) {
        return srUuid + "@" + hostUuid;
    }
}
