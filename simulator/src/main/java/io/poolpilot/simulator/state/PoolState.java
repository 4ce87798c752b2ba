package io.poolpilot.simulator.state;

import io.poolpilot.simulator.SimulatedClock;
import io.vertx.core.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The database of one simulated pool: objects by ref, class and uuid, sessions, the event log, and the
 * runtime facts behind hosts and VMs. Every read and change happens under this object's monitor;
 * sections are short (no I/O), so event-loop threads may take it.
 */
public final class PoolState {
    /** XAPI classes this simulator stores (every datamodel class with get_all_records), in the API's spelling. */
    public static final List<String> CLASSES = io.poolpilot.simulator.datamodel.Datamodel.xapi().classes().stream()
            .filter(io.poolpilot.simulator.datamodel.Datamodel.XapiClass::hasRecords)
            .map(io.poolpilot.simulator.datamodel.Datamodel.XapiClass::name).toList();
    public static final String NULL_REF = "OpaqueRef:NULL";

    private final String name;
    private final long seed;
    private final SimulatedClock clock;
    private final Map<String, XObject> byRef = new HashMap<>();
    private final Map<String, XObject> byUuid = new HashMap<>();
    private final Map<String, LinkedHashMap<String, XObject>> byClass = new HashMap<>();
    private final SessionTable sessions;
    private final LinkedHashMap<String, HostRuntime> hosts = new LinkedHashMap<>();
    private final Map<String, VmRuntime> vms = new HashMap<>();
    private final EventLog events;
    private final ConsoleRecords consoles = new ConsoleRecords(this);
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final ResidencyIndex residency = new ResidencyIndex();
    private String masterRef = NULL_REF;
    private long idCounter;
    private long domidCounter = 10_000;

    /** Someone (an event.from call) waiting for the next event, re-checked on its own context. */
    private record Waiter(Context context, Runnable check) {
    }

    public PoolState(String name, String password, long seed, SimulatedClock clock, int eventLogCapacity) {
        this.name = name;
        this.seed = seed;
        this.clock = clock;
        this.events = new EventLog(eventLogCapacity);
        this.sessions = new SessionTable(password, clock::instant);
        for (String c : CLASSES) {
            byClass.put(c, new LinkedHashMap<>());
        }
    }

    public String name() {
        return name;
    }

    public SimulatedClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- identity ----------------------------------------------------------------------------

    /** A deterministic uuid for a named thing, so a seed gives the same uuids on every run. */
    public String uuidFor(String kind, String key) {
        return UUID.nameUUIDFromBytes((seed + "/" + name + "/" + kind + "/" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** A fresh ref and uuid for objects made at run time (tasks, sessions), deterministic in creation order. */
    synchronized String[] freshIds(String kind) {
        long n = ++idCounter;
        return new String[] {"OpaqueRef:" + uuidFor(kind + "-ref", Long.toString(n)), uuidFor(kind, Long.toString(n))};
    }

    /** A fresh domain id for a VM that starts or lands after a migration. */
    synchronized long nextDomid() {
        return ++domidCounter;
    }

    // ---- objects -----------------------------------------------------------------------------

    /** Creates and stores an object; emits an add event. */
    public synchronized XObject create(String xapiClass, String key) {
        String uuid = uuidFor(xapiClass, key);
        return create(xapiClass, "OpaqueRef:" + uuidFor(xapiClass + "-ref", key), uuid);
    }

    synchronized XObject create(String xapiClass, String ref, String uuid) {
        LinkedHashMap<String, XObject> table = byClass.get(xapiClass);
        if (table == null) {
            throw new IllegalArgumentException("unknown class " + xapiClass);
        }
        XObject o = new XObject(xapiClass, ref, uuid);
        table.put(ref, o);
        byRef.put(ref, o);
        byUuid.put(xapiClass + "/" + uuid, o);
        return o;
    }

    /** Removes an object; emits a del event. */
    public synchronized void destroy(XObject o) {
        byClass.get(o.xapiClass()).remove(o.ref());
        byRef.remove(o.ref());
        byUuid.remove(o.xapiClass() + "/" + o.uuid());
        appendEvent(o, "del");
    }

    public synchronized XObject find(String ref) {
        return byRef.get(ref);
    }

    /** The object of this class with this ref, or HANDLE_INVALID as XAPI answers. */
    public synchronized XObject require(String xapiClass, Object ref) {
        XObject o = ref instanceof String s ? byRef.get(s) : null;
        if (o == null || !o.xapiClass().equals(xapiClass)) {
            throw new XapiException("HANDLE_INVALID", xapiClass, String.valueOf(ref));
        }
        return o;
    }

    public synchronized XObject byUuid(String xapiClass, Object uuid) {
        XObject o = byUuid.get(xapiClass + "/" + uuid);
        if (o == null) {
            throw new XapiException("UUID_INVALID", xapiClass, String.valueOf(uuid));
        }
        return o;
    }

    /** The live collection of a class (iterate under the lock only). */
    public synchronized Collection<XObject> all(String xapiClass) {
        return byClass.get(xapiClass).values();
    }

    public synchronized List<XObject> allCopy(String xapiClass) {
        return new ArrayList<>(byClass.get(xapiClass).values());
    }

    public synchronized int count(String xapiClass) {
        return byClass.get(xapiClass).size();
    }

    /** The single pool object. */
    public synchronized XObject pool() {
        return byClass.get("pool").values().iterator().next();
    }

    // ---- events ------------------------------------------------------------------------------

    /** Records a change of {@code o} (after its fields were set) and wakes event.from waiters. */
    public synchronized void changed(XObject o) {
        appendEvent(o, "mod");
    }

    /** Records the creation of {@code o} once its fields are filled. */
    public synchronized void added(XObject o) {
        appendEvent(o, "add");
    }

    private void appendEvent(XObject o, String op) {
        if (o.xapiClass().equals("VM")) {
            residency.index(o.ref(), op.equals("del") ? NULL_REF : o.str("resident_on"));
            if (!op.equals("del")) {
                consoles.sync(o);
            }
        }
        events.append(now(), o.xapiClass().toLowerCase(java.util.Locale.ROOT), op, o.ref(),
                op.equals("del") ? null : o.record());
        for (Waiter w : waiters) {
            w.context().runOnContext(v -> w.check().run());
        }
    }

    /** The VMs' consoles (kept in step with every VM change). */
    public ConsoleRecords consoles() {
        return consoles;
    }

    public synchronized EventLog events() {
        return events;
    }

    /** Registers a check to run on {@code context} after each new event; returns the handle to remove it. */
    public Object addWaiter(Context context, Runnable check) {
        Waiter w = new Waiter(context, check);
        waiters.add(w);
        return w;
    }

    public void removeWaiter(Object handle) {
        waiters.remove(handle);
    }

    // ---- sessions ----------------------------------------------------------------------------

    public synchronized Session login(String user, String pass, String originator) {
        return sessions.login(user, pass, originator, freshIds("session"));
    }

    public synchronized Session requireSession(Object ref) {
        return sessions.require(ref);
    }

    /** True for the pool's root credentials (HTTP Basic authentication on the metrics downloads). */
    public synchronized boolean credentialsValid(String user, String pass) {
        return sessions.credentialsValid(user, pass);
    }

    public synchronized boolean validSession(String ref) {
        return sessions.valid(ref);
    }

    public synchronized void logout(String ref) {
        sessions.remove(ref);
    }

    /** Drops every session (what clients see after a master change). */
    public synchronized void dropSessions() {
        sessions.clear();
    }

    /** The pool's sessions: expiry settings and last_active. */
    public synchronized SessionTable sessions() {
        return sessions;
    }

    // ---- hosts, VMs --------------------------------------------------------------------------

    synchronized void addHost(HostRuntime h) {
        hosts.put(h.ref, h);
    }

    synchronized void addVm(VmRuntime v) {
        vms.put(v.ref(), v);
    }

    public synchronized List<HostRuntime> hosts() {
        return new ArrayList<>(hosts.values());
    }

    public synchronized HostRuntime host(String ref) {
        return hosts.get(ref);
    }

    public synchronized HostRuntime hostByName(String hostName) {
        return hosts.values().stream().filter(h -> h.name.equals(hostName)).findFirst().orElse(null);
    }

    public synchronized VmRuntime vm(String ref) {
        return vms.get(ref);
    }

    public synchronized String masterRef() {
        return masterRef;
    }

    public synchronized HostRuntime master() {
        return hosts.get(masterRef);
    }

    public synchronized void setMaster(String hostRef) {
        masterRef = hostRef;
        XObject pool = byClass.get("pool").values().stream().findFirst().orElse(null);
        if (pool != null) {
            pool.set("master", hostRef);
            changed(pool);
            XObject host = byRef.get(hostRef);
            Messages.raise(this, "POOL_MASTER_TRANSITION", 4L, "Pool", pool.uuid(),
                    "The pool master is now host " + (host == null ? hostRef : host.str("name_label")));
        }
    }

    /** Sets the master without an event (while building). */
    synchronized void setMasterQuietly(String hostRef) {
        masterRef = hostRef;
    }

    public synchronized boolean isLive(String hostRef) {
        HostRuntime h = hosts.get(hostRef);
        return h != null && !h.crashed;
    }

    synchronized void setCrashed(String hostRef, boolean crashed) {
        hosts.get(hostRef).crashed = crashed;
    }

    /** VMs whose resident_on is this host (control domain included), in the order they arrived. */
    public synchronized List<XObject> residents(String hostRef) {
        return residency.residents(hostRef, byRef);
    }

    /** Rebuilds the residency index from the records (after building the world without events). */
    synchronized void reindexResidents() {
        residency.reindex(byClass.get("VM").values());
    }

    /** Memory a VM occupies on its host: its target plus XAPI's per-VM overhead. */
    public static long footprint(XObject vm) {
        return vm.num("memory_target") + vm.num("memory_overhead");
    }

    /** Free memory on a host as XAPI reckons it for placement: total - dom0 - residents - reservations. */
    public synchronized long freeMemory(String hostRef) {
        HostRuntime h = hosts.get(hostRef);
        long used = h.dom0MemoryBytes + h.reservedBytes;
        for (XObject vm : residents(hostRef)) {
            if (!vm.bool("is_control_domain")) {
                used += footprint(vm);
            }
        }
        return Math.max(0, h.memoryBytes - used);
    }

    /** Re-derives host.resident_VMs and host_metrics.memory_free; emits events for what changed. */
    public synchronized void refreshHost(String hostRef) {
        XObject host = byRef.get(hostRef);
        List<String> resident = residents(hostRef).stream().map(XObject::ref).toList();
        if (!resident.equals(host.refs("resident_VMs"))) {
            host.set("resident_VMs", resident);
            changed(host);
        }
        XObject metrics = byRef.get(host.str("metrics"));
        long free = freeMemory(hostRef);
        if (metrics != null && metrics.num("memory_free") != free) {
            metrics.set("memory_free", free);
            metrics.set("last_updated", now());
            changed(metrics);
        }
    }

    synchronized void reserve(String hostRef, long bytes) {
        hosts.get(hostRef).reservedBytes += bytes;
    }
}
