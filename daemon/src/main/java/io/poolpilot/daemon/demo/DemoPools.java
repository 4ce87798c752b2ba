package io.poolpilot.daemon.demo;

import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated pools the demo follows, whether the simulator runs in the demo's process or in its own: each pool's
 * master, credentials and host count, and the simulator's fault-injection URL.
 */
public record DemoPools(List<Pool> pools, String adminUrl) {

    public record Pool(String name, String masterUrl, String username, String password, int hosts) {
    }

    private static final Pattern POOL = Pattern.compile("^pool (\\S+) \\(");
    private static final Pattern MASTER = Pattern.compile("^\\s+master\\s+(\\S+)\\s+user\\s+(\\S+)\\s+password\\s+(\\S+)");
    private static final Pattern HOST = Pattern.compile("^\\s+host\\s+");
    private static final Pattern ADMIN = Pattern.compile("^admin\\s+(\\S+?)state\\b");

    static DemoPools of(Simulator simulator) {
        List<Pool> pools = new ArrayList<>();
        for (PoolEndpoint pool : simulator.pools()) {
            pools.add(new Pool(pool.name(), pool.masterUrl().toString(), pool.username(), pool.password(),
                    pool.hosts().size()));
        }
        return new DemoPools(List.copyOf(pools), simulator.adminUrl() == null ? null : simulator.adminUrl().toString());
    }

    /** From what {@code SimulatorMain} prints at start (its endpoints block); empty pools when it printed none yet. */
    public static DemoPools parse(List<String> lines) {
        List<Pool> pools = new ArrayList<>();
        String admin = null;
        String name = null;
        String[] master = null;
        int hosts = 0;
        for (String line : lines) {
            Matcher p = POOL.matcher(line);
            Matcher m = MASTER.matcher(line);
            Matcher a = ADMIN.matcher(line);
            if (p.find()) {
                if (master != null) {
                    pools.add(new Pool(name, master[0], master[1], master[2], hosts));
                }
                name = p.group(1);
                master = null;
                hosts = 0;
            } else if (m.find()) {
                master = new String[] {m.group(1), m.group(2), m.group(3)};
            } else if (HOST.matcher(line).find()) {
                hosts++;
            } else if (a.find()) {
                admin = a.group(1);
            }
        }
        if (master != null) {
            pools.add(new Pool(name, master[0], master[1], master[2], hosts));
        }
        return new DemoPools(List.copyOf(pools), admin);
    }
}
