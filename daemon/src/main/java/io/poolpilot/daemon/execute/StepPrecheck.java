package io.poolpilot.daemon.execute;

import io.poolpilot.api.model.PlanStep;
import io.poolpilot.daemon.plan.InventoryNames;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;

/**
 * The check just before a migration starts, read fresh from XAPI: the VM exists, runs, is still on the
 * step's source; the destination is in the pool, enabled, with room. A VM already on its destination
 * counts as done.
 */
final class StepPrecheck {

    private StepPrecheck() {
    }

    /** The refs to migrate with, or the outcome when the step no longer holds (or is already done). */
    record Refs(String vmRef, String hostRef, StepOutcome outcome) {
    }

    static Refs recheck(PlanStep step, Inventory known, XapiClient client, InventoryNames names) {
        String vmName = names.ofUuid(step.vmUuid());
        String toName = names.ofUuid(step.toHostUuid());
        String vmRef = known == null ? null : known.vmByUuid(step.vmUuid()).map(Vm::ref).orElse(null);
        String toRef = known == null ? null : known.hostByUuid(step.toHostUuid()).map(Host::ref).orElse(null);
        String fromRef = known == null ? null : known.hostByUuid(step.fromHostUuid()).map(Host::ref).orElse(null);
        if (vmRef == null) {
            return stale("vm " + vmName + " no longer exists");
        }
        if (toRef == null) {
            return stale("destination host " + toName + " left the pool");
        }
        Vm vm;
        try {
            vm = client.record(XapiClass.VM, vmRef);
        } catch (XapiFailure f) {
            if (f.is(XapiErrorCodes.HANDLE_INVALID)) {
                return stale("vm " + vmName + " no longer exists");
            }
            throw f;
        }
        String residentOn = vm.residentOn().orElse(null);
        if (vm.powerState() == PowerState.RUNNING && toRef.equals(residentOn)) {
            return new Refs(null, null, new StepOutcome.Done("already on the destination"));
        }
        if (vm.powerState() != PowerState.RUNNING) {
            return stale("vm " + vmName + " is " + vm.powerState().name().toLowerCase(java.util.Locale.ROOT) + ", not running");
        }
        if (!residentOn.equals(fromRef)) {
            return stale("vm " + vmName + " moved from host " + names.ofUuid(step.fromHostUuid()) + " to host "
                    + names.ofRef(residentOn));
        }
        Host destination = client.record(XapiClass.HOST, toRef);
        if (!destination.enabled()) {
            return stale("destination host " + toName + " is disabled");
        }
        if (destination.metrics().isPresent()) {
            HostMetrics metrics = client.record(XapiClass.HOST_METRICS, destination.metrics().get());
            long needed = Math.max(vm.memoryTargetBytes(), 1);
            if (metrics.memoryFreeBytes() < needed) {
                return stale(String.format(java.util.Locale.ROOT,
                        "destination host %s has %.1f GiB free, vm %s needs %.1f GiB", toName,
                        metrics.memoryFreeBytes() / (double) (1L << 30), vmName, needed / (double) (1L << 30)));
            }
        }
        return new Refs(vmRef, toRef, null);
    }

    private static Refs stale(String why) {
        return new Refs(null, null, new StepOutcome.Stale(why));
    }

}
