package io.poolpilot.xapi;

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
import io.poolpilot.xapi.wire.XapiCodec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed XAPI calls over a {@link XapiSession}: records keyed by ref for everything PoolPilot
 * reads, and the operations the executor runs. Thread-safe as the session is.
 */
public final class XapiClient {

    private final XapiSession session;

    public XapiClient(XapiSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    public XapiSession session() {
        return session;
    }

    // ---- reads ------------------------------------------------------------------------------

    /** {@code <class>.get_all_records}, decoded; one bad record fails the whole read with its ref named. */
    public <T extends XapiObject> Map<String, T> allRecords(XapiClass<T> type) {
        String method = type.apiName() + ".get_all_records";
        Map<String, Object> byRef = struct(method, session.call(method));
        Map<String, T> out = new LinkedHashMap<>(byRef.size() * 2);
        for (Map.Entry<String, Object> e : byRef.entrySet()) {
            out.put(e.getKey(), type.fromWire(e.getKey(), struct(method + " " + e.getKey(), e.getValue())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code <class>.get_record}, decoded. */
    public <T extends XapiObject> T record(XapiClass<T> type, String ref) {
        String method = type.apiName() + ".get_record";
        return type.fromWire(ref, struct(method, session.call(method, ref)));
    }

    public Map<String, Pool> pools() {
        return allRecords(XapiClass.POOL);
    }

    public Map<String, Host> hosts() {
        return allRecords(XapiClass.HOST);
    }

    public Map<String, HostMetrics> hostMetrics() {
        return allRecords(XapiClass.HOST_METRICS);
    }

    public Map<String, Vm> vms() {
        return allRecords(XapiClass.VM);
    }

    public Map<String, VmMetrics> vmMetrics() {
        return allRecords(XapiClass.VM_METRICS);
    }

    public Map<String, VmGuestMetrics> vmGuestMetrics() {
        return allRecords(XapiClass.VM_GUEST_METRICS);
    }

    public Map<String, StorageRepository> storageRepositories() {
        return allRecords(XapiClass.SR);
    }

    /** PBDs: which storage repository is plugged into which host. */
    public Map<String, StorageAttachment> storageAttachments() {
        return allRecords(XapiClass.PBD);
    }

    /** VBDs: which disk is attached to which VM. */
    public Map<String, DiskAttachment> diskAttachments() {
        return allRecords(XapiClass.VBD);
    }

    /** VDIs. */
    public Map<String, Disk> disks() {
        return allRecords(XapiClass.VDI);
    }

    /** VIFs. */
    public Map<String, NetworkInterface> networkInterfaces() {
        return allRecords(XapiClass.VIF);
    }

    public Map<String, Network> networks() {
        return allRecords(XapiClass.NETWORK);
    }

    public Map<String, Task> tasks() {
        return allRecords(XapiClass.TASK);
    }

    public Task task(String taskRef) {
        return record(XapiClass.TASK, taskRef);
    }

    // ---- operations -------------------------------------------------------------------------

    /** Starts a live migration within the pool; returns the task ref to follow. */
    public String asyncPoolMigrate(String vmRef, String hostRef, Map<String, String> options) {
        return ref("Async.VM.pool_migrate", session.call("Async.VM.pool_migrate", vmRef, hostRef, Map.copyOf(options)));
    }

    public void cancelTask(String taskRef) {
        session.call("task.cancel", taskRef);
    }

    public void destroyTask(String taskRef) {
        session.call("task.destroy", taskRef);
    }

    public void vmCleanShutdown(String vmRef) {
        session.call("VM.clean_shutdown", vmRef);
    }

    public void vmHardShutdown(String vmRef) {
        session.call("VM.hard_shutdown", vmRef);
    }

    public void vmStart(String vmRef, boolean startPaused, boolean force) {
        session.call("VM.start", vmRef, startPaused, force);
    }

    public void vmCleanReboot(String vmRef) {
        session.call("VM.clean_reboot", vmRef);
    }

    public void vmHardReboot(String vmRef) {
        session.call("VM.hard_reboot", vmRef);
    }

    public void vmSuspend(String vmRef) {
        session.call("VM.suspend", vmRef);
    }

    public void vmResume(String vmRef, boolean startPaused, boolean force) {
        session.call("VM.resume", vmRef, startPaused, force);
    }

    /** {@code <class>.add_to_other_config}: PoolPilot marks objects it manages this way. */
    public void addToOtherConfig(XapiClass<?> type, String ref, String key, String value) {
        session.call(type.apiName() + ".add_to_other_config", ref, key, value);
    }

    public void removeFromOtherConfig(XapiClass<?> type, String ref, String key) {
        session.call(type.apiName() + ".remove_from_other_config", ref, key);
    }

    /** Stops new VMs from starting on (or migrating to) a host, e.g. before maintenance. */
    public void hostDisable(String hostRef) {
        session.call("host.disable", hostRef);
    }

    public void hostEnable(String hostRef) {
        session.call("host.enable", hostRef);
    }

    /** The refs of every object of a class ({@code <class>.get_all}). */
    public List<String> allRefs(XapiClass<?> type) {
        String method = type.apiName() + ".get_all";
        try {
            return XapiCodec.refs(session.call(method));
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed(method, e);
        }
    }

    private static Map<String, Object> struct(String where, Object value) {
        try {
            return XapiCodec.struct(value);
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed(where, e);
        }
    }

    private static String ref(String where, Object value) {
        try {
            return XapiCodec.ref(value).orElseThrow(() ->
                    new XapiTransportException(where + " returned OpaqueRef:NULL instead of a task"));
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed(where, e);
        }
    }
}
