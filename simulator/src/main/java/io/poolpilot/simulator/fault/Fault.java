package io.poolpilot.simulator.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Set;

/**
 * A fault to inject, as written in a scenario ({@code fault: {type: host-crash, host: a-03}}) or posted
 * to the admin endpoint ({@code POST /faults/host-crash {"host":"a-03"}}). Hosts and SRs are named.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Fault.HostCrash.class, name = "host-crash"),
        @JsonSubTypes.Type(value = Fault.HostRecover.class, name = "host-recover"),
        @JsonSubTypes.Type(value = Fault.SrLoss.class, name = "sr-loss"),
        @JsonSubTypes.Type(value = Fault.SrRestore.class, name = "sr-restore"),
        @JsonSubTypes.Type(value = Fault.MigrationFailureRate.class, name = "migration-failure-rate"),
        @JsonSubTypes.Type(value = Fault.SlowCalls.class, name = "slow-calls"),
        @JsonSubTypes.Type(value = Fault.MasterFailover.class, name = "master-failover"),
        @JsonSubTypes.Type(value = Fault.GarbledRrd.class, name = "garbled-rrd"),
        @JsonSubTypes.Type(value = Fault.DropConnections.class, name = "drop-connections"),
        @JsonSubTypes.Type(value = Fault.BusyCalls.class, name = "busy-calls"),
        @JsonSubTypes.Type(value = Fault.SessionIdleLimit.class, name = "session-idle-limit"),
        @JsonSubTypes.Type(value = Fault.Clear.class, name = "clear")})
public sealed interface Fault {
    /** Names of the admin endpoint paths and scenario types, in one place. */
    List<String> TYPES = List.of("host-crash", "host-recover", "sr-loss", "sr-restore", "migration-failure-rate",
            "slow-calls", "master-failover", "garbled-rrd", "drop-connections", "busy-calls", "session-idle-limit",
            "clear");

    /** Rejects references to hosts, pools or SRs the scenario does not have. */
    default void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
    }

    /** The host stops: its address refuses connections, host_metrics.live turns false, its VMs stall. */
    record HostCrash(String host) implements Fault {
        public HostCrash {
            require("host-crash", "host", host);
        }

        @Override
        public void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
            known("host-crash", "host", host, hosts);
        }
    }

    /** A crashed host comes back (its VMs were left Running on it, as XAPI without HA leaves them). */
    record HostRecover(String host) implements Fault {
        public HostRecover {
            require("host-recover", "host", host);
        }

        @Override
        public void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
            known("host-recover", "host", host, hosts);
        }
    }

    /** An SR becomes unreachable from one host (or all when host is absent): PBDs detach, VMs on it stall. */
    record SrLoss(String sr, String host) implements Fault {
        public SrLoss {
            require("sr-loss", "sr", sr);
        }

        @Override
        public void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
            known("sr-loss", "sr", sr, srs);
            if (host != null) {
                known("sr-loss", "host", host, hosts);
            }
        }
    }

    /** The SR is reachable again; PBDs stay detached until PBD.plug (as on a real pool). */
    record SrRestore(String sr, String host) implements Fault {
        public SrRestore {
            require("sr-restore", "sr", sr);
        }
    }

    /** Fraction (0..1) of live migrations that fail at the end with VM_MIGRATE_FAILED. */
    record MigrationFailureRate(double rate) implements Fault {
        public MigrationFailureRate {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("migration-failure-rate: rate must be in [0, 1] but was " + rate);
            }
        }
    }

    /** XAPI calls whose method starts with {@code method} (all when absent; "rrd_updates" for metrics) answer late, or never when hang. */
    record SlowCalls(long delayMillis, String method, boolean hang) implements Fault {
        public SlowCalls {
            if (delayMillis < 0) {
                throw new IllegalArgumentException("slow-calls: delayMillis must be >= 0 but was " + delayMillis);
            }
            if (!hang && delayMillis == 0) {
                throw new IllegalArgumentException("slow-calls: give delayMillis > 0 or hang: true");
            }
        }

        public boolean matches(String methodName) {
            return method == null || method.isEmpty() || methodName.startsWith(method);
        }
    }

    /**
     * The next {@code count} calls of {@code method} (its {@code Async.} form too) fail at once with
     * OTHER_OPERATION_IN_PROGRESS, as XAPI answers while another operation holds the object.
     */
    record BusyCalls(String method, int count) implements Fault {
        public BusyCalls {
            require("busy-calls", "method", method);
            if (count < 1) {
                throw new IllegalArgumentException("busy-calls: count must be >= 1 but was " + count);
            }
        }

        public boolean matches(String methodName) {
            return methodName.equals(method) || methodName.equals("Async." + method);
        }
    }

    /** Another host of the pool becomes master (the next live one when host is absent); sessions are dropped. */
    record MasterFailover(String pool, String host) implements Fault {
        public MasterFailover {
            require("master-failover", "pool", pool);
        }

        @Override
        public void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
            known("master-failover", "pool", pool, pools);
            if (host != null) {
                known("master-failover", "host", host, hosts);
            }
        }
    }

    /** rrd_updates rows from one host (all when absent) carry NaN values ("nan") or malformed ones ("garbled"). */
    record GarbledRrd(String host, String mode, double probability) implements Fault {
        public GarbledRrd {
            if (mode == null) {
                mode = "nan";
            }
            if (!mode.equals("nan") && !mode.equals("garbled")) {
                throw new IllegalArgumentException("garbled-rrd: mode must be 'nan' or 'garbled' but was '" + mode + "'");
            }
            if (probability == 0) {
                probability = 1;
            }
            if (!(probability > 0 && probability <= 1)) {
                throw new IllegalArgumentException("garbled-rrd: probability must be in (0, 1] but was " + probability);
            }
        }
    }

    /** The next {@code count} requests to a host (any host when absent) have their connection closed unanswered. */
    record DropConnections(String host, int count) implements Fault {
        public DropConnections {
            if (count == 0) {
                count = 1;
            }
            if (count < 0) {
                throw new IllegalArgumentException("drop-connections: count must be >= 1 but was " + count);
            }
        }
    }

    /**
     * The pool's sessions expire after {@code seconds} of simulated idle time instead of xapi's 24 hours
     * (inactive_session_timeout); a call on an expired session fails with SESSION_INVALID.
     */
    record SessionIdleLimit(String pool, long seconds) implements Fault {
        public SessionIdleLimit {
            require("session-idle-limit", "pool", pool);
            if (seconds < 1) {
                throw new IllegalArgumentException("session-idle-limit: seconds must be >= 1 but was " + seconds);
            }
        }

        @Override
        public void validateAgainst(Set<String> hosts, Set<String> pools, Set<String> srs) {
            known("session-idle-limit", "pool", pool, pools);
        }
    }

    /** Removes every active fault: crashed hosts recover, SRs come back (PBDs replugged), rates reset. */
    record Clear() implements Fault {
    }

    private static void require(String type, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(type + ": '" + field + "' is required");
        }
    }

    private static void known(String type, String field, String value, Set<String> names) {
        if (!names.contains(value)) {
            throw new IllegalArgumentException(type + ": unknown " + field + " '" + value + "'; known: "
                    + names.stream().sorted().limit(20).toList());
        }
    }
}
