package io.poolpilot.planner.sequence;

import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.placement.PoolState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Orders a target placement into waves. Within a wave a migrating VM counts on its source and its
 * destination (transient usage), so a wave never overloads a host even if every migration in it is
 * still running; sources are freed only when the wave ends. When no pending move fits (a cycle of full
 * hosts), one VM is parked on a spare host if the budgets allow, else a move is dropped. Deterministic:
 * every choice breaks ties by a fixed order.
 */
public final class StepSequencer {

    private final Rules rules;
    private final Budgets budgets;

    public StepSequencer(Rules rules, Budgets budgets) {
        this.rules = rules;
        this.budgets = budgets;
    }

    private static final class Pending {
        final int vm;
        final int target;
        boolean parked;

        Pending(int vm, int target) {
            this.vm = vm;
            this.target = target;
        }
    }

    /**
     * @param start  the current placement (not modified)
     * @param target VM id to planned host id; VMs absent or already there do not move
     */
    public Sequence sequence(PoolState start, Map<String, String> target) {
        PoolState state = start.copy();
        ThresholdGuard guard = new ThresholdGuard(start);
        List<Pending> pending = new ArrayList<>();
        for (int v = 0; v < state.vmCount(); v++) {
            String hostId = target.get(state.vm(v).id());
            if (hostId != null) {
                int h = state.hostIndex(hostId);
                if (h != state.hostOf(v)) {
                    pending.add(new Pending(v, h));
                }
            }
        }
        // Leave unavailable hosts first, then big VMs while there is still room, then by id.
        pending.sort(Comparator.<Pending>comparingInt(p -> state.accepts(state.hostOf(p.vm)) ? 1 : 0)
                .thenComparing(p -> -state.vm(p.vm).memoryBytes())
                .thenComparing(p -> state.vm(p.vm).id()));

        int migrations = pending.size();
        long movedBytes = pending.stream().mapToLong(p -> state.vm(p.vm).memoryBytes()).sum();
        List<List<Migration>> waves = new ArrayList<>();
        List<DroppedMove> dropped = new ArrayList<>();
        List<ForcedOverload> forced = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<Migration> wave = nextWave(state, guard, pending, forced);
            if (!wave.isEmpty()) {
                waves.add(wave);
                continue;
            }
            Pending park = findPark(state, guard, pending, migrations, movedBytes);
            if (park != null) {
                int spare = spareHost(state, guard, park);
                VmSpec vm = state.vm(park.vm);
                waves.add(List.of(new Migration(vm.id(), state.host(state.hostOf(park.vm)).id(),
                        state.host(spare).id(), vm.memoryBytes(), Migration.Kind.PARK)));
                guard.moved(state, park.vm, state.hostOf(park.vm), spare);
                state.move(park.vm, spare);
                park.parked = true;
                migrations++;
                movedBytes += vm.memoryBytes();
                continue;
            }
            Pending drop = pending.stream()
                    .max(Comparator.<Pending>comparingInt(p -> state.accepts(state.hostOf(p.vm)) ? 1 : 0)
                            .thenComparingLong(p -> state.vm(p.vm).memoryBytes())
                            .thenComparing(p -> state.vm(p.vm).id(), Comparator.reverseOrder()))
                    .orElseThrow();
            pending.remove(drop);
            migrations--;
            movedBytes -= state.vm(drop.vm).memoryBytes();
            dropped.add(new DroppedMove(state.vm(drop.vm).id(), state.host(state.hostOf(drop.vm)).id(),
                    state.host(drop.target).id(), blockedBecause(state, guard, drop)));
        }
        return new Sequence(waves, dropped, state.placement(), forced);
    }

    /** Picks every pending move that fits now, counting the wave's own arrivals; applies them. */
    private List<Migration> nextWave(PoolState state, ThresholdGuard guard, List<Pending> pending,
                                     List<ForcedOverload> forced) {
        int hosts = state.hostCount();
        ThresholdGuard.Reserved reserved = new ThresholdGuard.Reserved(hosts);
        long[] reservedMemory = new long[hosts];
        int[] reservedVcpus = new int[hosts];
        int[] touching = new int[hosts];
        List<int[]> arrivingGroups = new ArrayList<>(); // {group, host}
        List<Pending> chosen = new ArrayList<>();
        for (Pending p : pending) {
            if (chosen.size() >= rules.maxMigrationsPerWave()) {
                break;
            }
            int from = state.hostOf(p.vm);
            int to = p.target;
            if (touching[from] >= rules.maxMigrationsPerHostWave() || touching[to] >= rules.maxMigrationsPerHostWave()) {
                continue;
            }
            if (!state.canMigrate(p.vm, to, reservedMemory[to], reservedVcpus[to])
                    || conflictsWithArrivals(state.antiAffinityGroupsOf(p.vm), to, arrivingGroups)
                    || guard.refusal(state, p.vm, to, reservedMemory[to], reserved) != null) {
                continue;
            }
            chosen.add(p);
            guard.reserve(state, p.vm, to, reserved);
            reservedMemory[to] += state.vm(p.vm).memoryBytes();
            reservedVcpus[to] += state.vm(p.vm).vcpus();
            touching[from]++;
            touching[to]++;
            for (int g : state.antiAffinityGroupsOf(p.vm)) {
                arrivingGroups.add(new int[] {g, to});
            }
        }
        List<Migration> wave = new ArrayList<>();
        for (Pending p : chosen) {
            VmSpec vm = state.vm(p.vm);
            wave.add(new Migration(vm.id(), state.host(state.hostOf(p.vm)).id(), state.host(p.target).id(),
                    vm.memoryBytes(), p.parked ? Migration.Kind.RESUME : Migration.Kind.DIRECT));
        }
        // Sources are freed only now, at the end of the wave.
        for (Pending p : chosen) {
            guard.moved(state, p.vm, state.hostOf(p.vm), p.target);
            state.move(p.vm, p.target);
        }
        java.util.Set<Integer> overloaded = new java.util.HashSet<>();
        for (Pending p : chosen) {
            ForcedOverload overload = overloaded.contains(p.target) ? null : guard.forced(state, p.vm, p.target);
            if (overload != null) {
                overloaded.add(p.target);
                forced.add(overload);
            }
        }
        pending.removeAll(chosen);
        return wave;
    }

    private static boolean conflictsWithArrivals(int[] groups, int host, List<int[]> arrivingGroups) {
        for (int g : groups) {
            for (int[] arriving : arrivingGroups) {
                if (arriving[0] == g && arriving[1] == host) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The smallest not-yet-parked VM whose departure would let another pending move into its host, that
     * a spare host can take within the budgets; or null.
     */
    private Pending findPark(PoolState state, ThresholdGuard guard, List<Pending> pending, int migrations,
                             long movedBytes) {
        if (migrations + 1 > budgets.maxMigrations()) {
            return null;
        }
        return pending.stream()
                .filter(p -> !p.parked)
                .filter(p -> unblocksAnother(state, pending, p))
                .filter(p -> movedBytes + state.vm(p.vm).memoryBytes() <= budgets.maxMovedBytes())
                .sorted(Comparator.<Pending>comparingLong(p -> state.vm(p.vm).memoryBytes())
                        .thenComparing(p -> state.vm(p.vm).id()))
                .filter(p -> spareHost(state, guard, p) >= 0)
                .findFirst()
                .orElse(null);
    }

    private static boolean unblocksAnother(PoolState state, List<Pending> pending, Pending leaving) {
        int host = state.hostOf(leaving.vm);
        VmSpec gone = state.vm(leaving.vm);
        for (Pending other : pending) {
            if (other != leaving && other.target == host
                    && state.memoryFree(host) + gone.memoryBytes() >= state.vm(other.vm).memoryBytes()
                    && state.vcpusFree(host) + gone.vcpus() >= state.vm(other.vm).vcpus()) {
                return true;
            }
        }
        return false;
    }

    /** The host with most free memory, other than the VM's source and target, that can take it now. */
    private static int spareHost(PoolState state, ThresholdGuard guard, Pending p) {
        int best = -1;
        for (int h = 0; h < state.hostCount(); h++) {
            if (h == p.target || h == state.hostOf(p.vm) || !state.canMigrate(p.vm, h)
                    || guard.refusal(state, p.vm, h, 0, null) != null) {
                continue;
            }
            if (best < 0 || state.memoryFree(h) > state.memoryFree(best)) {
                best = h;
            }
        }
        return best;
    }

    private static String blockedBecause(PoolState state, ThresholdGuard guard, Pending p) {
        VmSpec vm = state.vm(p.vm);
        int to = p.target;
        String host = state.snapshot().names().of(state.host(to).id());
        if (!state.accepts(to)) {
            return "host " + host + " no longer accepts VMs";
        }
        if (state.memoryFree(to) < vm.memoryBytes()) {
            return "host " + host + " never had " + vm.memoryBytes() / (1 << 20)
                    + " MiB free in a safe order and no spare host could break the cycle within the budgets";
        }
        if (state.vcpusFree(to) < vm.vcpus()) {
            return "host " + host + " would exceed its vCPU overcommit limit";
        }
        String threshold = guard.refusal(state, p.vm, to, 0, null);
        if (threshold != null) {
            return threshold + "; a plan never pushes a host over its threshold, nor adds to one already over it";
        }
        return "moving it would put two members of an anti-affinity group on host " + host;
    }
}
