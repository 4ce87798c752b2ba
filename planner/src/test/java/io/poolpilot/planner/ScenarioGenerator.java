package io.poolpilot.planner;

import io.poolpilot.planner.placement.PoolState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Seeded, deterministic pools for tests and the benchmark: heterogeneous hosts (three sizes), VMs from
 * 1 to 16 vCPUs with skewed demand, an imbalanced but feasible starting placement, a few pinned VMs,
 * anti-affinity triples, affinity pairs and VMs in cooldown.
 */
public final class ScenarioGenerator {

    public static final Instant AS_OF = Instant.parse("2026-11-25T10:00:00Z");
    private static final long GIB = 1L << 30;

    private ScenarioGenerator() {
    }

    /**
     * @param hostCount hosts
     * @param vmCount   VMs
     * @param seed      seed; same seed, same pool
     */
    public static PoolSnapshot generate(int hostCount, int vmCount, long seed) {
        return generate(hostCount, vmCount, seed, Rules.defaults());
    }

    public static PoolSnapshot generate(int hostCount, int vmCount, long seed, Rules rules) {
        SplittableRandom random = new SplittableRandom(seed * 7919 + hostCount * 31L + vmCount);
        // VMs first, then hosts sized so the pool sits near 55 % CPU and 60 % memory on average.
        int[] vcpuChoices = {1, 2, 2, 4, 4, 4, 8, 8, 16};
        int[] vcpus = new int[vmCount];
        long[] memory = new long[vmCount];
        double[] demand = new double[vmCount];
        double totalDemand = 0;
        long totalMemory = 0;
        int totalVcpus = 0;
        for (int v = 0; v < vmCount; v++) {
            vcpus[v] = vcpuChoices[random.nextInt(vcpuChoices.length)];
            int gibPerVcpu = new int[] {1, 2, 4, 4, 8}[random.nextInt(5)];
            memory[v] = vcpus[v] * gibPerVcpu * GIB + 64L * (1 << 20); // footprint with overhead
            double u = random.nextDouble();
            demand[v] = Math.min(vcpus[v], vcpus[v] * (0.03 + 0.85 * u * u * u));
            demand[v] = Math.round(demand[v] * 1000) / 1000.0;
            totalDemand += demand[v];
            totalMemory += memory[v];
            totalVcpus += vcpus[v];
        }
        double[] classWeight = new double[hostCount];
        double weightSum = 0;
        for (int h = 0; h < hostCount; h++) {
            classWeight[h] = new double[] {1.0, 1.5, 2.0}[h % 3];
            weightSum += classWeight[h];
        }
        List<HostSpec> hosts = new ArrayList<>();
        for (int h = 0; h < hostCount; h++) {
            double share = classWeight[h] / weightSum;
            double capacity = Math.max(4, Math.ceil(totalDemand / 0.55 * share));
            int cores = (int) Math.max(4, Math.max(capacity, Math.ceil(totalVcpus / 2.5 * share)));
            long overhead = 4 * GIB;
            long mem = (long) Math.ceil(totalMemory / 0.60 * share / GIB) * GIB + overhead;
            hosts.add(new HostSpec(String.format("h%02d", h), cores, capacity, mem, overhead, true, false));
        }
        // Skewed host preference gives an imbalanced start with hot spots.
        double[] preference = new double[hostCount];
        for (int h = 0; h < hostCount; h++) {
            double r = random.nextDouble();
            preference[h] = 0.15 + r * r * 2;
        }
        List<VmSpec> vms = new ArrayList<>();
        Map<Integer, Integer> antiGroupOf = new HashMap<>();
        Map<Integer, Integer> affinityGroupOf = new HashMap<>();
        int groupCounter = 0;
        for (int v = 0; v + 2 < vmCount && antiGroupOf.size() < vmCount * 0.06; v += 17) {
            for (int k = 0; k < 3; k++) {
                antiGroupOf.put(v + k, groupCounter);
            }
            groupCounter++;
        }
        for (int v = 7; v + 1 < vmCount && affinityGroupOf.size() < vmCount * 0.03; v += 23) {
            if (!antiGroupOf.containsKey(v) && !antiGroupOf.containsKey(v + 1)) {
                affinityGroupOf.put(v, groupCounter);
                affinityGroupOf.put(v + 1, groupCounter);
                groupCounter++;
            }
        }
        // Place with a scratch state so the start respects memory, vCPUs and anti-affinity.
        PoolSnapshot empty = new PoolSnapshot("bench", 1, hosts, List.of(), rules, AS_OF);
        long[] memUsed = new long[hostCount];
        int[] vcpuUsed = new int[hostCount];
        Map<Integer, TreeSet<Integer>> antiOnHost = new HashMap<>();
        Map<Integer, Integer> affinityHost = new HashMap<>();
        Random order = new Random(seed);
        for (int v = 0; v < vmCount; v++) {
            int chosen = -1;
            Integer affinity = affinityGroupOf.get(v);
            if (affinity != null && affinityHost.containsKey(affinity)) {
                chosen = affinityHost.get(affinity);
            } else {
                for (int attempt = 0; attempt < 200 && chosen < 0; attempt++) {
                    int h = weighted(preference, order);
                    if (fits(empty, h, memUsed, vcpuUsed, memory[v], vcpus[v], 0.92)
                            && !conflicts(antiGroupOf.get(v), antiOnHost.get(h))) {
                        chosen = h;
                    }
                }
                for (int h = 0; h < hostCount && chosen < 0; h++) {
                    if (fits(empty, h, memUsed, vcpuUsed, memory[v], vcpus[v], 1.0)
                            && !conflicts(antiGroupOf.get(v), antiOnHost.get(h))) {
                        chosen = h;
                    }
                }
                if (chosen < 0) {
                    throw new IllegalStateException("scenario " + seed + " cannot place vm " + v);
                }
            }
            memUsed[chosen] += memory[v];
            vcpuUsed[chosen] += vcpus[v];
            if (affinity != null) {
                affinityHost.put(affinity, chosen);
            }
            Integer anti = antiGroupOf.get(v);
            if (anti != null) {
                antiOnHost.computeIfAbsent(chosen, k -> new TreeSet<>()).add(anti);
            }
            TreeSet<String> antiGroups = new TreeSet<>();
            if (anti != null) {
                antiGroups.add("anti-" + anti);
            }
            TreeSet<String> affinityGroups = new TreeSet<>();
            if (affinity != null) {
                affinityGroups.add("aff-" + affinity);
            }
            boolean pinned = random.nextDouble() < 0.03;
            Instant lastMigrated = random.nextDouble() < 0.05 ? AS_OF.minus(Duration.ofMinutes(10)) : null;
            vms.add(new VmSpec(String.format("vm%04d", v), vcpus[v], memory[v], demand[v], hosts.get(chosen).id(),
                    pinned, affinityGroups, antiGroups, lastMigrated));
        }
        return new PoolSnapshot("bench-" + hostCount + "x" + vmCount + "-" + seed, seed, hosts, vms, rules, AS_OF);
    }

    private static boolean fits(PoolSnapshot pool, int h, long[] memUsed, int[] vcpuUsed, long mem, int vcpus,
                                double memoryFill) {
        HostSpec host = pool.hosts().get(h);
        return memUsed[h] + mem <= host.memoryUsableBytes() * memoryFill
                && vcpuUsed[h] + vcpus <= PoolState.maxVcpus(host, pool.rules().vcpuOvercommitRatio());
    }

    private static boolean conflicts(Integer group, TreeSet<Integer> onHost) {
        return group != null && onHost != null && onHost.contains(group);
    }

    private static int weighted(double[] weights, Random random) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r <= 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
