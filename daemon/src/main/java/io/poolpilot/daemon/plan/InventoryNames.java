package io.poolpilot.daemon.plan;

import io.poolpilot.planner.Names;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.XapiObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The one place that turns a pool's inventory into the words a person reads: hosts, VMs and storage
 * repositories as {@code name (uuid)}, looked up by uuid or by XAPI ref (XAPI error parameters carry refs).
 * Objects no longer in the inventory are shown by what is known of them: the uuid, or the bare ref.
 */
public final class InventoryNames {

    private final Map<String, String> nameByUuid = new HashMap<>();
    private final Map<String, String> uuidByRef = new HashMap<>();
    private final Names names;

    private InventoryNames(Inventory inventory) {
        if (inventory != null) {
            inventory.hosts().values().forEach(h -> add(h, h.uuid(), h.nameLabel()));
            inventory.vms().values().forEach(v -> add(v, v.uuid(), v.nameLabel()));
            inventory.storageRepositories().values().forEach(sr -> add(sr, sr.uuid(), sr.nameLabel()));
            inventory.pools().values().forEach(p -> add(p, p.uuid(), p.nameLabel()));
        }
        names = new Names(nameByUuid);
    }

    /** Names of everything in {@code inventory}; null gives an empty lookup (ids shown as they are). */
    public static InventoryNames of(Inventory inventory) {
        return new InventoryNames(inventory);
    }

    private void add(XapiObject object, String uuid, String name) {
        uuidByRef.put(object.ref(), uuid);
        if (name != null && !name.isBlank()) {
            nameByUuid.put(uuid, name);
        }
    }

    /** The planner's view: uuid to name. */
    public Names names() {
        return names;
    }

    /** {@code name (uuid)} for a uuid, or the uuid alone when it has no name. */
    public String ofUuid(String uuid) {
        return names.of(uuid);
    }

    /** The name of a uuid, or null when unknown. */
    public String nameOf(String uuid) {
        return nameByUuid.get(uuid);
    }

    /** {@code name (uuid)} for an XAPI ref, or the ref itself when the inventory does not know it. */
    public String ofRef(String ref) {
        String uuid = uuidByRef.get(ref);
        return uuid == null ? ref : ofUuid(uuid);
    }

    /** True when {@code value} is a ref of an object in the inventory. */
    public boolean knowsRef(String value) {
        return uuidByRef.containsKey(value);
    }
}
