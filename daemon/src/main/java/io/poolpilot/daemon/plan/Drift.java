package io.poolpilot.daemon.plan;

import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed in a pool since a plan was made, limited to what the plan relies on: its VMs still
 * running where the plan expects them, its hosts still present and enabled. An empty list: the plan holds.
 */
public final class Drift {

    private Drift() {
    }

    /**
     * @param placements where the plan found every VM (VM uuid → host uuid)
     * @param steps      the plan's steps; only those not yet done are checked
     */
    public static List<String> changes(Map<String, String> placements, List<PlanStep> steps, Inventory now) {
        List<String> changes = new ArrayList<>();
        InventoryNames names = InventoryNames.of(now);
        Map<String, String> current = SnapshotBuilder.placements(now);
        Set<String> checkedVms = new LinkedHashSet<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (PlanStep step : steps) {
            if (step.status() == StepStatus.DONE || step.status() == StepStatus.SKIPPED) {
                continue;
            }
            hosts.add(step.toHostUuid());
            if (!checkedVms.add(step.vmUuid())) {
                continue; // a VM moving twice: only its first position is known now
            }
            String expected = placements.getOrDefault(step.vmUuid(), step.fromHostUuid());
            String actual = current.get(step.vmUuid());
            if (actual == null) {
                changes.add("vm " + names.ofUuid(step.vmUuid()) + " " + describeMissing(now, step.vmUuid()));
            } else if (!actual.equals(expected)) {
                changes.add("vm " + names.ofUuid(step.vmUuid()) + " moved from host " + names.ofUuid(expected)
                        + " to host " + names.ofUuid(actual));
            }
        }
        for (String hostUuid : hosts) {
            Host host = now.hostByUuid(hostUuid).orElse(null);
            if (host == null) {
                changes.add("host " + hostUuid + " left the pool");
            } else if (!host.enabled()) {
                changes.add("host " + names.ofUuid(hostUuid) + " was disabled");
            }
        }
        return changes;
    }

    private static String describeMissing(Inventory now, String vmUuid) {
        Vm vm = now.vmByUuid(vmUuid).orElse(null);
        if (vm == null) {
            return "no longer exists";
        }
        return vm.powerState() != PowerState.RUNNING ? "is " + vm.powerState().name().toLowerCase() + ", not running"
                : "runs on no known host";
    }
}
