package io.poolpilot.planner.baseline;

import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.placement.PoolState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Threshold balancer in the style of Xen Orchestra's performance plan: while a host is over the CPU
 * threshold, take its busiest movable VM and send it to the least loaded host that stays under the
 * threshold after the move. Stops once no host is over the threshold or nothing can move.
 */
public final class GreedyThresholdBalancer {

    public BaselineResult balance(PoolSnapshot snapshot) {
        long started = System.nanoTime();
        PoolState state = new PoolState(snapshot, null);
        double threshold = snapshot.rules().cpuThresholdRatio();
        int migrations = 0;
        long moved = 0;
        boolean[] touched = new boolean[state.vmCount()];
        for (int iteration = 0; iteration < state.vmCount(); iteration++) {
            List<Integer> hot = new ArrayList<>();
            for (int h = 0; h < state.hostCount(); h++) {
                if (state.cpuUtilisation(h) > threshold) {
                    hot.add(h);
                }
            }
            hot.sort(Comparator.comparingDouble(h -> -state.cpuUtilisation(h)));
            boolean movedOne = false;
            for (int source : hot) {
                int[] move = busiestMovableVm(state, source, threshold, touched);
                if (move != null) {
                    moved += state.vm(move[0]).memoryBytes();
                    state.move(move[0], move[1]);
                    touched[move[0]] = true;
                    migrations++;
                    movedOne = true;
                    break;
                }
            }
            if (!movedOne) {
                break;
            }
        }
        return new BaselineResult(state, migrations, moved, (System.nanoTime() - started) / 1_000_000);
    }

    /** {vm, destination} or null. */
    private static int[] busiestMovableVm(PoolState state, int source, double threshold, boolean[] touched) {
        List<Integer> vms = new ArrayList<>();
        for (int v = 0; v < state.vmCount(); v++) {
            if (state.hostOf(v) == source && !touched[v] && movable(state, v)) {
                vms.add(v);
            }
        }
        vms.sort(Comparator.comparingDouble((Integer v) -> -state.vm(v).cpuDemandCores())
                .thenComparing(v -> state.vm(v).id()));
        for (int v : vms) {
            double demand = state.vm(v).cpuDemandCores();
            int best = -1;
            for (int h = 0; h < state.hostCount(); h++) {
                if (h == source || !state.canMigrate(v, h)) {
                    continue;
                }
                double after = (state.cpuDemand(h) + demand) / state.cpuCapacity(h);
                if (after >= threshold) {
                    continue;
                }
                if (best < 0 || state.cpuUtilisation(h) < state.cpuUtilisation(best)) {
                    best = h;
                }
            }
            if (best >= 0) {
                return new int[] {v, best};
            }
        }
        return null;
    }

    static boolean movable(PoolState state, int v) {
        return !state.vm(v).pinned() && state.vm(v).affinityGroups().isEmpty();
    }
}
