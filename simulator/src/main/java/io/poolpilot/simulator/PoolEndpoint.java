package io.poolpilot.simulator;

import java.net.URI;
import java.util.List;

/** Where a simulated pool answers: its master's XAPI URL, the credentials, and every host's address. */
public record PoolEndpoint(String name, String uuid, URI masterUrl, String username, String password,
                           List<HostEndpoint> hosts) {
    public PoolEndpoint {
        hosts = List.copyOf(hosts);
    }

    /** The endpoint of a host by name. */
    public HostEndpoint host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host '" + hostName + "' in pool " + name));
    }

    @Override
    public String toString() {
        // Never print the password.
        return "PoolEndpoint[" + name + " " + masterUrl + " user=" + username + " hosts=" + hosts.size() + "]";
    }
}
