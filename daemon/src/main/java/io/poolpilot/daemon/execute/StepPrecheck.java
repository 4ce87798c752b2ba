package io.poolpilot.daemon.execute;

import io.poolpilot.api.model.PlanStep;
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

    static Refs recheck(PlanStep step, Inventory known, XapiClient client) {
        String vmRef = known == null ? null : known.vmByUuid(step.vmUuid()).map(Vm::ref).orElse(null);
        String toRef = known == null ? null : known.hostByUuid(step.toHostUuid()).map(Host::ref).orElse(null);
        String fromRef = known == null ? null : known.hostByUuid(step.fromHostUuid()).map(Host::ref).orElse(null);
        if (vmRef == null) {
            return stale("vm " + step.vmUuid() + " no longer exists");
        }
        if (toRef == null) {
            return stale("destination host " + step.toHostUuid() + " left the pool");
        }
        Vm vm;
        try {
            vm = client.record(XapiClass.VM, vmRef);
        } catch (XapiFailure f) {
            if (f.is(XapiErrorCodes.HANDLE_INVALID)) {
                return stale("vm " + step.vmUuid() + " no longer exists");
            }
            throw f;
        }
        String residentOn = vm.residentOn().orElse(null);
        if (vm.powerState() == PowerState.RUNNING && toRef.equals(residentOn)) {
            return new Refs(null, null, new StepOutcome.Done("already on the destination"));
        }
        if (vm.powerState() != PowerState.RUNNING) {
            return stale("vm " + step.vmUuid() + " is " + vm.powerState().name().toLowerCase() + ", not running");
        }
        if (!residentOn.equals(fromRef)) {
            String where = known.hosts().containsKey(residentOn) ? known.hosts().get(residentOn).uuid() : residentOn;
            return stale("vm " + step.vmUuid() + " moved from host " + step.fromHostUuid() + " to host " + where);
        }
        Host destination = client.record(XapiClass.HOST, toRef);
        if (!destination.enabled()) {
            return stale("destination host " + step.toHostUuid() + " is disabled");
        }
        if (destination.metrics().isPresent()) {
            HostMetrics metrics = client.record(XapiClass.HOST_METRICS, destination.metrics().get());
            long needed = Math.max(vm.memoryTargetBytes(), 1);
            if (metrics.memoryFreeBytes() < needed) {
                return stale("destination host " + step.toHostUuid() + " has " + metrics.memoryFreeBytes()
                        + " bytes free, the vm needs " + needed);
            }
        }
        return new Refs(vmRef, toRef, null);
    }

    private static Refs stale(String why) {
        return new Refs(null, null, new StepOutcome.Stale(why));
    }

}
