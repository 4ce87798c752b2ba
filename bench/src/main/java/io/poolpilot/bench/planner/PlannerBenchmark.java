package io.poolpilot.bench.planner;

import io.poolpilot.planner.ScenarioGenerator;
import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.Mode;
import io.poolpilot.planner.Plan;
import io.poolpilot.planner.PlanRequest;
import io.poolpilot.planner.Planner;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Step;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.baseline.BaselineResult;
import io.poolpilot.planner.baseline.GreedyThresholdBalancer;
import io.poolpilot.planner.baseline.HillClimbBalancer;
import io.poolpilot.planner.placement.PoolState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark command: 30 seeded scenarios in three sizes (8 hosts/100 VMs, 32/800, 64/3,000); per
 * algorithm the final CPU utilisation std dev, peak host CPU utilisation, migrations, GiB moved and
 * solve time; per scenario the lower bound of the peak. Writes {@code bench-results/planner.md}.
 * <p>
 * {@code --quick}: one scenario per size and shorter searches. {@code --out FILE}: report path.
 * {@code --sizes 8,32}: only the sizes whose host count is listed. {@code --seeds 1,6}: only these seeds.
 */
public final class PlannerBenchmark {

    private static final double EPS = 1e-4;

    record Size(int hosts, int vms, Duration timeLimit, Duration unimproved) {
    }

    record Run(String algorithm, double stdDev, double peak, int migrations, double gib, long millis, int dropped) {
    }

    record Scenario(String name, Size size, long seed, double lowerBound, double meanUtilisation, Run initial,
                    List<Run> runs) {
        Run run(String algorithm) {
            return runs.stream().filter(r -> r.algorithm.equals(algorithm)).findFirst().orElseThrow();
        }
    }

    public static void main(String[] args) throws IOException {
        boolean quick = List.of(args).contains("--quick");
        String only = "";
        List<Long> seedList = null;
        Path out = Path.of("bench-results", "planner.md");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            }
            if (args[i].equals("--seeds")) {
                seedList = java.util.Arrays.stream(args[i + 1].split(",")).map(Long::parseLong).toList();
            }
            if (args[i].equals("--sizes")) {
                only = args[i + 1];
            }
        }
        if (!out.isAbsolute() && Path.of("").toAbsolutePath().getFileName().toString().equals("planner")) {
            out = Path.of("..").resolve(out); // run from the module directory
        }
        int seeds = quick ? 1 : 10;
        List<Size> sizes = List.of(
                new Size(8, 100, Duration.ofSeconds(quick ? 2 : 5), Duration.ofMillis(quick ? 500 : 1500)),
                new Size(32, 800, Duration.ofSeconds(quick ? 5 : 10), Duration.ofMillis(quick ? 1000 : 2000)),
                new Size(64, 3000, Duration.ofMillis(9_000), Duration.ofMillis(quick ? 1500 : 2500)));
        List<Scenario> scenarios = new ArrayList<>();
        Instant started = Instant.now();
        for (Size size : sizes) {
            if (!only.isEmpty() && !only.contains(String.valueOf(size.hosts))) {
                continue;
            }
            List<Long> seedsOfSize = seedList != null ? seedList
                    : java.util.stream.LongStream.rangeClosed(1, seeds).boxed().toList();
            for (long s : seedsOfSize) {
                Scenario scenario = runScenario(size, s);
                scenarios.add(scenario);
                System.out.println(line(scenario));
            }
        }
        String report = report(scenarios, quick, Duration.between(started, Instant.now()));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath().normalize());
    }

    static Scenario runScenario(Size size, long seed) {
        PoolSnapshot pool = ScenarioGenerator.generate(size.hosts, size.vms, seed);
        PoolState start = new PoolState(pool, null);
        List<Run> runs = new ArrayList<>();
        BaselineResult greedy = new GreedyThresholdBalancer().balance(pool);
        runs.add(run("greedy-xo", greedy));
        BaselineResult hbal = new HillClimbBalancer(0.0005, 10_000).balance(pool);
        runs.add(run("hbal", hbal));
        Planner planner = new Planner();
        PlanRequest request = new PlanRequest(Mode.balance(), Budgets.unlimited(), size.timeLimit, 0, seed);
        runs.add(timed("timefold", pool, () -> planner.plan(pool, request, size.unimproved)));
        runs.add(timed("timefold@greedy-GiB", pool, () -> planner.plan(pool,
                request.withBudgets(new Budgets(Integer.MAX_VALUE, greedy.movedBytes())), size.unimproved)));
        runs.add(timed("timefold@hbal-GiB", pool, () -> planner.plan(pool,
                request.withBudgets(new Budgets(Integer.MAX_VALUE, hbal.movedBytes())), size.unimproved)));
        double capacity = 0;
        double demand = 0;
        double biggestHost = 0;
        for (int h = 0; h < start.hostCount(); h++) {
            if (start.accepts(h)) {
                capacity += start.cpuCapacity(h);
                biggestHost = Math.max(biggestHost, start.cpuCapacity(h));
            }
        }
        double biggestVm = 0;
        for (VmSpec vm : pool.vms()) {
            demand += vm.cpuDemandCores();
            biggestVm = Math.max(biggestVm, vm.cpuDemandCores());
        }
        double mean = demand / capacity;
        double lowerBound = Math.max(mean, biggestVm / biggestHost);
        Run initial = new Run("initial", start.cpuUtilisationStdDev(), start.peakCpuUtilisation(), 0, 0, 0, 0);
        return new Scenario(pool.poolId(), size, seed, lowerBound, mean, initial, runs);
    }

    private static Run run(String name, BaselineResult result) {
        return new Run(name, result.finalState().cpuUtilisationStdDev(), result.finalState().peakCpuUtilisation(),
                result.migrations(), result.movedBytes() / (double) Budgets.GIB, result.solveMillis(), 0);
    }

    /** Wall time of the whole plan() call: model, search, sequencing and explanation. */
    private static Run timed(String name, PoolSnapshot pool, java.util.function.Supplier<Plan> planning) {
        long started = System.nanoTime();
        Plan plan = planning.get();
        return run(name, pool, plan, (System.nanoTime() - started) / 1_000_000);
    }

    private static Run run(String name, PoolSnapshot pool, Plan plan, long wallMillis) {
        PoolState state = new PoolState(pool, null);
        for (Step step : plan.steps()) {
            state.move(state.vmIndex(step.vmId()), state.hostIndex(step.toHostId()));
        }
        int dropped = (int) plan.explanation().stream().filter(l -> l.startsWith("dropped")).count();
        return new Run(name, state.cpuUtilisationStdDev(), state.peakCpuUtilisation(), plan.migrationCount(),
                plan.movedBytes() / (double) Budgets.GIB, wallMillis, dropped);
    }

    private static String line(Scenario s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s LB %.1f%% start std %.2f%% peak %.1f%%",
                s.name, s.lowerBound * 100, s.initial.stdDev * 100, s.initial.peak * 100));
        for (Run r : s.runs) {
            b.append(String.format(Locale.ROOT, " | %s std %.2f%% peak %.1f%% mig %d %.0fGiB %dms", r.algorithm,
                    r.stdDev * 100, r.peak * 100, r.migrations, r.gib, r.millis));
        }
        return b.toString();
    }

    private static String report(List<Scenario> scenarios, boolean quick, Duration total) {
        StringBuilder b = new StringBuilder();
        b.append("# Planner benchmark\n\n");
        b.append("Command: `./poolpilot bench-planner").append(quick ? " --quick" : "").append("`\n\n");
        b.append(String.format(Locale.ROOT, "Mode: %s, %d scenarios, total wall time %ds, %d available processors. "
                        + "Machine: 2 cores shared with other jobs during the run, so solve times are upper bounds "
                        + "measured under load.%n%n", quick ? "quick" : "full", scenarios.size(), total.toSeconds(),
                Runtime.getRuntime().availableProcessors()));
        b.append("Timefold runs: balance mode, default weights, time limit per size (8/100: ")
                .append(scenarios.stream().filter(s -> s.size.hosts == 8).findFirst().map(s -> s.size.timeLimit.toSeconds() + " s").orElse("-"))
                .append(", 32/800: ")
                .append(scenarios.stream().filter(s -> s.size.hosts == 32).findFirst().map(s -> s.size.timeLimit.toSeconds() + " s").orElse("-"))
                .append(", 64/3000: 9 s, leaving room for sequencing within 10 s) and stop after the best score has not improved for ")
                .append(scenarios.stream().map(s -> s.size.unimproved.toMillis() + " ms").distinct().toList())
                .append(". `timefold@X-GiB` gets the GiB that baseline X moved as its moved-memory budget.\n\n");
        b.append("## Mean per size and algorithm\n\n");
        b.append("| size | algorithm | CPU std dev | peak CPU | migrations | GiB moved | wall time (mean / max) "
                + "| moves dropped by sequencing (total) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String size : sizes(scenarios)) {
            List<Scenario> of = scenarios.stream().filter(s -> label(s).equals(size)).toList();
            b.append(String.format(Locale.ROOT, "| %s | initial | %.2f%% | %.1f%% | - | - | - | - |%n", size,
                    of.stream().mapToDouble(s -> s.initial.stdDev).average().orElse(0) * 100,
                    of.stream().mapToDouble(s -> s.initial.peak).average().orElse(0) * 100));
            b.append(String.format(Locale.ROOT, "| %s | lower bound of peak | - | %.1f%% | - | - | - | - |%n", size,
                    of.stream().mapToDouble(s -> s.lowerBound).average().orElse(0) * 100));
            for (String algorithm : of.get(0).runs.stream().map(Run::algorithm).toList()) {
                List<Run> runs = of.stream().map(s -> s.run(algorithm)).toList();
                b.append(String.format(Locale.ROOT, "| %s | %s | %.2f%% | %.1f%% | %.1f | %.1f | %.0f ms / %d ms | %d |%n",
                        size, algorithm, runs.stream().mapToDouble(Run::stdDev).average().orElse(0) * 100,
                        runs.stream().mapToDouble(Run::peak).average().orElse(0) * 100,
                        runs.stream().mapToInt(Run::migrations).average().orElse(0),
                        runs.stream().mapToDouble(Run::gib).average().orElse(0),
                        runs.stream().mapToLong(Run::millis).average().orElse(0),
                        runs.stream().mapToLong(Run::millis).max().orElse(0),
                        runs.stream().mapToInt(Run::dropped).sum()));
            }
        }
        b.append("\n## Targets per scenario\n\n");
        int greedyOk = 0;
        int hbalOk = 0;
        int peakOk = 0;
        int timeOk = 0;
        int large = 0;
        b.append("| scenario | LB peak | TF peak (unconstrained) | TF-LB | TF@greedy std/peak vs greedy | "
                + "TF@hbal std/peak vs hbal | TF wall time |\n|---|---:|---:|---:|---|---|---:|\n");
        for (Scenario s : scenarios) {
            Run tf = s.run("timefold");
            Run g = s.run("greedy-xo");
            Run tg = s.run("timefold@greedy-GiB");
            Run h = s.run("hbal");
            Run th = s.run("timefold@hbal-GiB");
            boolean vsGreedy = tg.stdDev <= g.stdDev + EPS && tg.peak <= g.peak + EPS;
            boolean vsHbal = th.stdDev <= h.stdDev + EPS && th.peak <= h.peak + EPS;
            boolean peak = tf.peak - s.lowerBound <= 0.05;
            greedyOk += vsGreedy ? 1 : 0;
            hbalOk += vsHbal ? 1 : 0;
            peakOk += peak ? 1 : 0;
            if (s.size.hosts == 64) {
                large++;
                timeOk += tf.millis <= 10_000 ? 1 : 0;
            }
            b.append(String.format(Locale.ROOT,
                    "| %s | %.1f%% | %.1f%% | %+.1f pp %s | %.2f%%/%.1f%% vs %.2f%%/%.1f%% %s | "
                            + "%.2f%%/%.1f%% vs %.2f%%/%.1f%% %s | %d ms |%n",
                    s.name, s.lowerBound * 100, tf.peak * 100, (tf.peak - s.lowerBound) * 100, peak ? "ok" : "MISS",
                    tg.stdDev * 100, tg.peak * 100, g.stdDev * 100, g.peak * 100, vsGreedy ? "ok" : "MISS",
                    th.stdDev * 100, th.peak * 100, h.stdDev * 100, h.peak * 100, vsHbal ? "ok" : "MISS", tf.millis));
        }
        b.append(String.format(Locale.ROOT, "%nSummary: no worse than greedy-xo at its GiB in %d/%d scenarios; "
                        + "no worse than hbal at its GiB in %d/%d; unconstrained peak within 5 pp of the lower bound "
                        + "in %d/%d; 64/3000 solved in <= 10 s in %d/%d.%n",
                greedyOk, scenarios.size(), hbalOk, scenarios.size(), peakOk, scenarios.size(), timeOk, large));
        return b.toString();
    }

    private static List<String> sizes(List<Scenario> scenarios) {
        return scenarios.stream().map(PlannerBenchmark::label).distinct().toList();
    }

    private static String label(Scenario s) {
        return s.size.hosts + "/" + s.size.vms;
    }
}
