package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.StorageAttachment;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.XapiClass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built pool inventories for the rule tests: hosts with metrics, SRs and their attachments. */
public final class PoolFixture {

    private static final long GIB = 1L << 30;

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, HostMetrics> metrics = new LinkedHashMap<>();
    private final Map<String, StorageRepository> srs = new LinkedHashMap<>();
    private final Map<String, StorageAttachment> attachments = new LinkedHashMap<>();
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private boolean realUuids;

    /** Uuids shaped like XAPI's (name-based), for code that checks them, e.g. a plan request's host id. */
    public PoolFixture withRealUuids() {
        realUuids = true;
        return this;
    }

    /** The uuid {@link #withRealUuids()} gives {@code name}. */
    public static String realUuid(String name) {
        return java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private String id(String name) {
        return realUuids ? realUuid(name) : uuid(name);
    }

    /** A host {@code name} with uuid {@code name + "-uuid"}; {@code live} goes to its host_metrics. */
    public PoolFixture host(String name, boolean enabled, boolean live) {
        String ref = "OpaqueRef:" + name;
        String metricsRef = "OpaqueRef:" + name + "-metrics";
        metrics.put(metricsRef, new HostMetrics(metricsRef, name + "-metrics-uuid", 64 * GIB, 32 * GIB, live, Optional.empty()));
        hosts.put(ref, new Host(ref, id(name), name, "127.0.0.1", enabled, 16, GIB, Optional.of(metricsRef),
                List.of(), List.of(), Map.of()));
        return this;
    }

    /** An SR {@code name} attached to {@code hostName} ({@code attached} or not). */
    public PoolFixture storage(String name, boolean shared, String hostName, boolean attached) {
        String srRef = "OpaqueRef:" + name;
        String pbdRef = "OpaqueRef:" + name + "-on-" + hostName;
        attachments.put(pbdRef, new StorageAttachment(pbdRef, name + "-on-" + hostName + "-uuid", "OpaqueRef:" + hostName,
                srRef, attached));
        StorageRepository before = srs.get(srRef);
        List<String> pbds = before == null ? List.of(pbdRef)
                : java.util.stream.Stream.concat(before.storageAttachments().stream(), java.util.stream.Stream.of(pbdRef)).toList();
        srs.put(srRef, new StorageRepository(srRef, id(name), name, shared ? "nfs" : "lvm", shared, GIB, 0, 0, pbds, List.of()));
        return this;
    }

    /** A guest {@code name} in {@code state} on {@code hostName}, with {@code otherConfig}. */
    public PoolFixture vm(String name, PowerState state, String hostName, Map<String, String> otherConfig) {
        String ref = "OpaqueRef:" + name;
        vms.put(ref, new Vm(ref, id(name), name, state, Optional.of("OpaqueRef:" + hostName), Optional.empty(),
                GIB, GIB, GIB, GIB, GIB, 1, 1, false, false, false, otherConfig, List.of(), Optional.empty(),
                Optional.empty(), List.of(), List.of()));
        return this;
    }

    public Inventory inventory() {
        return Inventory.of(1, Map.of(XapiClass.HOST, hosts, XapiClass.HOST_METRICS, metrics,
                XapiClass.SR, srs, XapiClass.PBD, attachments, XapiClass.VM, vms));
    }

    public static String uuid(String name) {
        return name + "-uuid";
    }
}
