package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;

/** Whether a host is up, as its host_metrics say; shared by the rules and the planner's snapshot. */
public final class HostLiveness {

    private HostLiveness() {
    }

    /** False only when the host's metrics object says not live; a host without metrics is given the benefit of the doubt. */
    public static boolean live(Inventory inventory, Host host) {
        return host.metrics().map(ref -> inventory.hostMetrics().get(ref)).map(HostMetrics::live).orElse(true);
    }

    /** "name (uuid)", how messages name a host. */
    public static String named(Host host) {
        return host.nameLabel() + " (" + host.uuid() + ")";
    }
}
