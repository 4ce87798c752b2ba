package io.poolpilot.planner.baseline;

import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.placement.PoolState;

/**
 * hbal-style hill climber: at each step, evaluate every single migration and make the one that lowers
 * the cluster score most (score = std dev of CPU utilisation + std dev of memory utilisation over the
 * hosts that accept VMs, as hbal sums per-resource deviations); stop when the best step gains less than
 * {@code minGain} or after {@code maxMoves}.
 */
public final class HillClimbBalancer {

    private final double minGain;
    private final int maxMoves;

    /**
     * @param minGain  least score improvement a move must bring (hbal's --min-gain)
     * @param maxMoves most moves (hbal's --max-length)
     */
    public HillClimbBalancer(double minGain, int maxMoves) {
        this.minGain = minGain;
        this.maxMoves = maxMoves;
    }

    public BaselineResult balance(PoolSnapshot snapshot) {
        long started = System.nanoTime();
        PoolState state = new PoolState(snapshot, null);
        int hosts = state.hostCount();
        int n = 0;
        for (int h = 0; h < hosts; h++) {
            if (state.accepts(h)) {
                n++;
            }
        }
        int migrations = 0;
        long moved = 0;
        while (migrations < maxMoves) {
            double[] cpu = new double[hosts];
            double[] mem = new double[hosts];
            double cpuSum = 0;
            double cpuSq = 0;
            double memSum = 0;
            double memSq = 0;
            for (int h = 0; h < hosts; h++) {
                if (!state.accepts(h)) {
                    continue;
                }
                cpu[h] = state.cpuUtilisation(h);
                mem[h] = state.memoryUtilisation(h);
                cpuSum += cpu[h];
                cpuSq += cpu[h] * cpu[h];
                memSum += mem[h];
                memSq += mem[h] * mem[h];
            }
            double current = std(cpuSum, cpuSq, n) + std(memSum, memSq, n);
            double bestScore = current;
            int bestVm = -1;
            int bestHost = -1;
            for (int v = 0; v < state.vmCount(); v++) {
                if (!GreedyThresholdBalancer.movable(state, v)) {
                    continue;
                }
                int from = state.hostOf(v);
                if (!state.accepts(from)) {
                    continue;
                }
                double dCpuFrom = state.vm(v).cpuDemandCores() / state.cpuCapacity(from);
                double dMemFrom = (double) state.vm(v).memoryBytes() / state.memoryCapacity(from);
                double cFrom = cpu[from] - dCpuFrom;
                double mFrom = mem[from] - dMemFrom;
                for (int to = 0; to < hosts; to++) {
                    if (to == from || !state.accepts(to)) {
                        continue;
                    }
                    double cTo = cpu[to] + state.vm(v).cpuDemandCores() / state.cpuCapacity(to);
                    double mTo = mem[to] + (double) state.vm(v).memoryBytes() / state.memoryCapacity(to);
                    double cSum = cpuSum - cpu[from] - cpu[to] + cFrom + cTo;
                    double cSq = cpuSq - cpu[from] * cpu[from] - cpu[to] * cpu[to] + cFrom * cFrom + cTo * cTo;
                    double mSum = memSum - mem[from] - mem[to] + mFrom + mTo;
                    double mSq = memSq - mem[from] * mem[from] - mem[to] * mem[to] + mFrom * mFrom + mTo * mTo;
                    double score = std(cSum, cSq, n) + std(mSum, mSq, n);
                    if (score < bestScore && state.canMigrate(v, to)) {
                        bestScore = score;
                        bestVm = v;
                        bestHost = to;
                    }
                }
            }
            if (bestVm < 0 || current - bestScore < minGain) {
                break;
            }
            moved += state.vm(bestVm).memoryBytes();
            state.move(bestVm, bestHost);
            migrations++;
        }
        return new BaselineResult(state, migrations, moved, (System.nanoTime() - started) / 1_000_000);
    }

    private static double std(double sum, double squares, int n) {
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }
}
