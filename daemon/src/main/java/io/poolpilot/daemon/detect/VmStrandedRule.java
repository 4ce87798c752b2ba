package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code vm-stranded}: a guest XAPI still shows running on a host that is down. Without HA its workload is
 * gone while the pool says otherwise; it cannot be migrated off, only reset and restarted elsewhere by an
 * operator who knows the host is really dead (doing it to a live host would run the VM twice). One alert
 * per VM, so the customers affected are listed; it clears when the host comes back or the VM is reset.
 */
public final class VmStrandedRule implements Rule {

    private final String billingAccountKey;

    /** @param billingAccountKey the other_config key naming a VM's billing account, quoted in the message */
    public VmStrandedRule(String billingAccountKey) {
        this.billingAccountKey = billingAccountKey;
    }

    @Override
    public Set<Condition> holding(Inventory inventory, Instant now) {
        Set<Condition> out = new LinkedHashSet<>();
        inventory.vms().values().stream()
                .filter(vm -> vm.isGuest() && vm.powerState() == PowerState.RUNNING && vm.residentOn().isPresent())
                .sorted(Comparator.comparing(Vm::uuid))
                .forEach(vm -> {
                    Host host = inventory.hosts().get(vm.residentOn().get());
                    if (host != null && !HostLiveness.live(inventory, host)) {
                        String account = billingAccountKey == null ? null : vm.otherConfig().get(billingAccountKey);
                        out.add(new Condition(AlertKind.VM_STRANDED, vm.uuid(), "vm " + vm.nameLabel() + " (" + vm.uuid()
                                + ")" + (account == null || account.isBlank() ? "" : " of account " + account)
                                + " shows running on host " + HostLiveness.named(host)
                                + ", which is down: its workload is not running; reset and restart it elsewhere only"
                                + " once the host is known to be off (VM.power_state_reset)"));
                    }
                });
        return out;
    }
}
