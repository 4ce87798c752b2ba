package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.VmAction;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.xapi.AsyncVmCalls;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One VM action against its pool: a check from fresh records just before (so a refusal is answered as a
 * problem instead of an operation that fails), then the call as an XAPI task, followed to its end. Blocking.
 */
final class VmControl {

    /** How long a VM action may take (a guest's clean shutdown can be slow) and how often its task is polled. */
    static final Duration ACTION_TIMEOUT = Duration.ofMinutes(30);
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private VmControl() {
    }

    /** The refusal the pool would answer now, or empty. */
    static Optional<PortFailure.Refused> check(PoolAccess pool, VmAction action, String vmRef, String destinationRef) {
        return pool.call(client -> {
            Vm vm = client.record(XapiClass.VM, vmRef);
            Map<String, VmActionCheck.HostState> hosts = hostStates(client);
            VmActionCheck.HostState residentOn = vm.residentOn().map(hosts::get).orElse(null);
            VmActionCheck.VmState state = new VmActionCheck.VmState(vm.uuid(), vm.nameLabel(), powerState(vm),
                    residentOn, memoryNeeded(vm));
            return VmActionCheck.check(action, state, destinationRef == null ? null : hosts.get(destinationRef),
                    hosts.values());
        });
    }

    /** Runs the action and waits for it; throws what the pool answered when it refused or failed. */
    static void run(PoolAccess pool, VmAction action, String vmRef, String destinationRef) {
        pool.call(client -> {
            AsyncVmCalls async = new AsyncVmCalls(client.session());
            String task = switch (action) {
                case START -> async.asyncVmStart(vmRef, false, false);
                case SHUTDOWN -> async.asyncVmCleanShutdown(vmRef);
                case HARD_SHUTDOWN -> async.asyncVmHardShutdown(vmRef);
                case REBOOT -> async.asyncVmCleanReboot(vmRef);
                case SUSPEND -> async.asyncVmSuspend(vmRef);
                case RESUME -> async.asyncVmResume(vmRef, false, false);
                case MIGRATE -> client.asyncPoolMigrate(vmRef, destinationRef, Map.of("live", "true"));
            };
            return async.awaitTask(task, POLL_INTERVAL, ACTION_TIMEOUT);
        });
    }

    /** Every host by ref, with liveness and free memory from its metrics. */
    static Map<String, VmActionCheck.HostState> hostStates(XapiClient client) {
        Map<String, HostMetrics> metrics = client.hostMetrics();
        Map<String, VmActionCheck.HostState> out = new java.util.LinkedHashMap<>();
        for (Host h : client.hosts().values()) {
            HostMetrics m = h.metrics().map(metrics::get).orElse(null);
            out.put(h.ref(), new VmActionCheck.HostState(h.uuid(), h.nameLabel(), m != null && m.live(), h.enabled(),
                    m == null ? 0 : m.memoryFreeBytes()));
        }
        return out;
    }

    private static long memoryNeeded(Vm vm) {
        return vm.memoryTargetBytes() > 0 ? vm.memoryTargetBytes() : vm.memoryStaticMaxBytes();
    }

    private static PowerState powerState(Vm vm) {
        return switch (vm.powerState()) {
            case RUNNING -> PowerState.RUNNING;
            case PAUSED -> PowerState.PAUSED;
            case SUSPENDED -> PowerState.SUSPENDED;
            // A state this build does not know is checked as halted; the pool's own check still has the last word.
            case HALTED, UNKNOWN -> PowerState.HALTED;
        };
    }
}
