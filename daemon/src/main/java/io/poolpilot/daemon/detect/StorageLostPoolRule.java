package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Vm;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code storage-lost-pool}: a shared SR attached on none of the live, enabled hosts that have it. Its
 * guests' disks are gone on every host they could run on, so evacuating cannot help; the policy's answer
 * is to shut them down after a grace period ({@code answer/StorageLossAnswers}). Subject: the SR uuid.
 * Clears as soon as the SR is attached on one such host again (after {@code PBD.plug}). One host losing a
 * shared SR that the others still reach is {@code storage-lost} only (answered by evacuating that host).
 */
public final class StorageLostPoolRule implements Rule {

    @Override
    public Set<Condition> holding(Inventory inventory, Instant now) {
        Set<Condition> out = new LinkedHashSet<>();
        for (StorageRepository sr : inventory.storageRepositories().values().stream().filter(StorageRepository::shared)
                .sorted(Comparator.comparing(StorageRepository::uuid)).toList()) {
            SrGuests.Reach reach = SrGuests.reach(inventory, sr);
            if (!reach.lostEverywhere()) {
                continue;
            }
            List<Vm> guests = SrGuests.runningOn(inventory, sr);
            out.add(new Condition(AlertKind.STORAGE_LOST_POOL, sr.uuid(), "shared SR " + SrGuests.named(sr)
                    + " is attached on none of its " + reach.hosts() + " live host" + (reach.hosts() == 1 ? "" : "s")
                    + ": " + (guests.isEmpty() ? "no running VM uses it"
                    : guests.size() + " running VM" + (guests.size() == 1 ? "" : "s") + " lost their disks ("
                    + String.join(", ", guests.stream().limit(5).map(SrGuests::named).toList())
                    + (guests.size() > 5 ? ", …" : "") + ")")));
        }
        return out;
    }
}
