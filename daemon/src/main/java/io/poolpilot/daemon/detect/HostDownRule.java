package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code host-down}: a host whose metrics say it is not live (crashed, powered off, unreachable from the master). */
public final class HostDownRule implements Rule {

    @Override
    public Set<Condition> holding(Inventory inventory, Instant now) {
        Set<Condition> out = new LinkedHashSet<>();
        for (Host host : inventory.hosts().values()) {
            if (!HostLiveness.live(inventory, host)) {
                out.add(new Condition(AlertKind.HOST_DOWN, host.uuid(),
                        "host " + HostLiveness.named(host) + " is down: the pool master reports it not live"));
            }
        }
        return out;
    }
}
