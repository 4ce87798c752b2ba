package io.poolpilot.xapi.event;

import io.poolpilot.xapi.model.Disk;
import io.poolpilot.xapi.model.DiskAttachment;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.Network;
import io.poolpilot.xapi.model.NetworkInterface;
import io.poolpilot.xapi.model.Pool;
import io.poolpilot.xapi.model.StorageAttachment;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Task;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.VmGuestMetrics;
import io.poolpilot.xapi.model.VmMetrics;
import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.model.XapiObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of a pool's objects: ref → record per class, with uuid lookups and a
 * {@link #version()} that grows with every applied batch or resync. Applying changes copies only
 * the classes a batch touches, so a VM power-state change does not copy every disk.
 */
public final class Inventory {

    private static final Inventory EMPTY = new Inventory(0, Map.of());

    private final long version;
    private final Map<XapiClass<?>, Table> tables;

    private record Table(Map<String, XapiObject> byRef, Map<String, String> refByUuid) {
        static final Table EMPTY = new Table(Map.of(), Map.of());

        static Table of(Map<String, XapiObject> byRef) {
            Map<String, String> byUuid = new HashMap<>(byRef.size() * 2);
            byRef.forEach((ref, rec) -> byUuid.put(rec.uuid(), ref));
            return new Table(Collections.unmodifiableMap(byRef), Collections.unmodifiableMap(byUuid));
        }
    }

    private Inventory(long version, Map<XapiClass<?>, Table> tables) {
        this.version = version;
        this.tables = tables;
    }

    public static Inventory empty() {
        return EMPTY;
    }

    /** A snapshot holding exactly {@code records} (e.g. from get_all_records) at {@code version}. */
    public static Inventory of(long version, Map<XapiClass<?>, ? extends Map<String, ? extends XapiObject>> records) {
        Map<XapiClass<?>, Table> tables = new HashMap<>();
        records.forEach((type, byRef) -> {
            Map<String, XapiObject> copy = new LinkedHashMap<>();
            byRef.forEach((ref, rec) -> {
                requireType(type, ref, rec);
                copy.put(ref, rec);
            });
            tables.put(type, Table.of(copy));
        });
        return new Inventory(version, Map.copyOf(tables));
    }

    /** Grows by one with every resync and every non-empty batch of changes. */
    public long version() {
        return version;
    }

    @SuppressWarnings("unchecked")
    public <T extends XapiObject> Map<String, T> all(XapiClass<T> type) {
        return (Map<String, T>) table(type).byRef();
    }

    public <T extends XapiObject> Optional<T> get(XapiClass<T> type, String ref) {
        return Optional.ofNullable(all(type).get(ref));
    }

    public <T extends XapiObject> Optional<T> byUuid(XapiClass<T> type, String uuid) {
        String ref = table(type).refByUuid().get(uuid);
        return ref == null ? Optional.empty() : get(type, ref);
    }

    public Map<String, Pool> pools() {
        return all(XapiClass.POOL);
    }

    public Map<String, Host> hosts() {
        return all(XapiClass.HOST);
    }

    public Map<String, HostMetrics> hostMetrics() {
        return all(XapiClass.HOST_METRICS);
    }

    public Map<String, Vm> vms() {
        return all(XapiClass.VM);
    }

    public Map<String, VmMetrics> vmMetrics() {
        return all(XapiClass.VM_METRICS);
    }

    public Map<String, VmGuestMetrics> vmGuestMetrics() {
        return all(XapiClass.VM_GUEST_METRICS);
    }

    public Map<String, StorageRepository> storageRepositories() {
        return all(XapiClass.SR);
    }

    public Map<String, StorageAttachment> storageAttachments() {
        return all(XapiClass.PBD);
    }

    public Map<String, DiskAttachment> diskAttachments() {
        return all(XapiClass.VBD);
    }

    public Map<String, Disk> disks() {
        return all(XapiClass.VDI);
    }

    public Map<String, NetworkInterface> networkInterfaces() {
        return all(XapiClass.VIF);
    }

    public Map<String, Network> networks() {
        return all(XapiClass.NETWORK);
    }

    public Map<String, Task> tasks() {
        return all(XapiClass.TASK);
    }

    public Optional<Vm> vmByUuid(String uuid) {
        return byUuid(XapiClass.VM, uuid);
    }

    public Optional<Host> hostByUuid(String uuid) {
        return byUuid(XapiClass.HOST, uuid);
    }

    /** Number of objects over all classes. */
    public int size() {
        return tables.values().stream().mapToInt(t -> t.byRef().size()).sum();
    }

    /** A new snapshot with {@code changes} applied in order; this one if the list is empty. */
    public Inventory apply(List<InventoryChange> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<XapiClass<?>, Map<String, XapiObject>> touched = new HashMap<>();
        for (InventoryChange change : changes) {
            Map<String, XapiObject> table = touched.computeIfAbsent(change.type(),
                    t -> new LinkedHashMap<>(table(t).byRef()));
            switch (change) {
                case InventoryChange.Added a -> table.put(a.ref(), a.record());
                case InventoryChange.Modified m -> table.put(m.ref(), m.record());
                case InventoryChange.Removed r -> table.remove(r.ref());
            }
        }
        Map<XapiClass<?>, Table> next = new HashMap<>(tables);
        touched.forEach((type, byRef) -> next.put(type, Table.of(byRef)));
        return new Inventory(version + 1, Map.copyOf(next));
    }

    /** The changes that turn {@code before} into {@code after}, class by class in {@link XapiClass#ALL} order. */
    public static List<InventoryChange> diff(Inventory before, Inventory after) {
        List<InventoryChange> changes = new ArrayList<>();
        Set<XapiClass<?>> types = new HashSet<>(before.tables.keySet());
        types.addAll(after.tables.keySet());
        for (XapiClass<?> type : XapiClass.ALL) {
            if (!types.contains(type)) {
                continue;
            }
            Map<String, XapiObject> old = before.table(type).byRef();
            Map<String, XapiObject> now = after.table(type).byRef();
            now.forEach((ref, rec) -> {
                XapiObject previous = old.get(ref);
                if (previous == null) {
                    changes.add(new InventoryChange.Added(type, ref, rec));
                } else if (!previous.equals(rec)) {
                    changes.add(new InventoryChange.Modified(type, ref, previous, rec));
                }
            });
            old.forEach((ref, rec) -> {
                if (!now.containsKey(ref)) {
                    changes.add(new InventoryChange.Removed(type, ref, rec));
                }
            });
        }
        return changes;
    }

    private Table table(XapiClass<?> type) {
        return tables.getOrDefault(type, Table.EMPTY);
    }

    private static void requireType(XapiClass<?> type, String ref, XapiObject rec) {
        if (!type.type().isInstance(rec) || !rec.ref().equals(ref)) {
            throw new IllegalArgumentException(type + " " + ref + " cannot hold " + rec);
        }
    }

    @Override
    public String toString() {
        return "Inventory[version=" + version + ", objects=" + size() + "]";
    }
}
