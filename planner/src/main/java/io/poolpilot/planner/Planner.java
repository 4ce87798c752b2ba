package io.poolpilot.planner;

import ai.timefold.solver.core.api.score.ScoreExplanation;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import io.poolpilot.planner.placement.PoolState;
import io.poolpilot.planner.sequence.DroppedMove;
import io.poolpilot.planner.sequence.Migration;
import io.poolpilot.planner.sequence.Sequence;
import io.poolpilot.planner.sequence.StepSequencer;
import io.poolpilot.planner.solver.PlacementJustification;
import io.poolpilot.planner.solver.PlacementModel;
import io.poolpilot.planner.solver.PlacementSolution;
import io.poolpilot.planner.solver.PlacementSolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The planner's entry point: snapshot and request in, an executable, explained plan out. Stateless and
 * thread-safe; deterministic for a seed when the request's move limit ends the search.
 */
public final class Planner {

    /**
     * Plans one pool.
     *
     * @throws IllegalArgumentException when the request names a host the snapshot does not have
     */
    public Plan plan(PoolSnapshot snapshot, PlanRequest request) {
        return plan(snapshot, request, Duration.ZERO);
    }

    /**
     * As {@link #plan(PoolSnapshot, PlanRequest)}, also stopping the search once the best score has not
     * improved for {@code unimprovedTimeLimit} (zero: never). Used by the benchmark.
     */
    public Plan plan(PoolSnapshot snapshot, PlanRequest request, Duration unimprovedTimeLimit) {
        Budgets budgets = request.effectiveBudgets(snapshot.rules());
        String evacuating = PlacementModel.evacuatingHostId(snapshot, request.mode());
        PlacementSolution problem = PlacementModel.build(snapshot, request.mode(), budgets);
        PlacementSolver solver = new PlacementSolver(request.seed(), request.timeLimit(), unimprovedTimeLimit,
                request.moveLimit());
        SolutionManager<PlacementSolution, HardMediumSoftLongScore> scores = solver.solutionManager();
        ScoreExplanation<PlacementSolution, HardMediumSoftLongScore> now = scores.explain(problem);
        ScoreLevels doNothing = levels(now.getScore());

        // Solve time is measured, not used: the plan itself never depends on the clock.
        long started = System.nanoTime();
        PlacementSolution best = search(problem, request, unimprovedTimeLimit);
        long solveMillis = (System.nanoTime() - started) / 1_000_000;
        boolean timeLimitReached = solveMillis >= request.timeLimit().toMillis();

        PoolState current = new PoolState(snapshot, evacuating);
        Sequence sequence = new StepSequencer(snapshot.rules(), budgets)
                .sequence(current, PlacementModel.placement(best));
        PlacementSolution executed = PlacementModel.withPlacement(problem, sequence.placement());
        ScoreExplanation<PlacementSolution, HardMediumSoftLongScore> afterPlan = scores.explain(executed);
        ScoreLevels executedScore = levels(afterPlan.getScore());

        List<String> explanation = new ArrayList<>();
        Names names = snapshot.names();
        explanation.add("mode " + describe(request.mode(), names) + ", pool " + names.of(snapshot.poolId()) + " inventory v"
                + snapshot.inventoryVersion() + ", snapshot " + snapshot.asOf());
        PlanScore planScore = new PlanScore(doNothing, executedScore, solveMillis, timeLimitReached);
        if (!planScore.improves() || sequence.waves().isEmpty()) {
            explanation.add("no plan: nothing scores better than the current placement (" + doNothing + ")");
            addViolations(explanation, now, names);
            return new Plan(List.of(), current.loads(), current.loads(),
                    new PlanScore(doNothing, doNothing, solveMillis, timeLimitReached), explanation);
        }

        StepReasons reasons = new StepReasons(now, request.mode(), names, sequence.forced());
        PoolState state = current.copy();
        List<Wave> waves = new ArrayList<>();
        for (List<Migration> migrations : sequence.waves()) {
            PoolState before = state.copy();
            for (Migration m : migrations) {
                state.move(state.vmIndex(m.vmId()), state.hostIndex(m.toHostId()));
            }
            List<Step> steps = new ArrayList<>();
            for (Migration m : migrations) {
                steps.add(new Step(m.vmId(), m.fromHostId(), m.toHostId(), m.memoryBytes(),
                        reasons.reason(m, before, state)));
            }
            waves.add(new Wave(steps));
        }

        Plan draft = new Plan(waves, current.loads(), state.loads(), planScore, List.of());
        explanation.add(String.format(Locale.ROOT,
                "%d migrations in %d waves, %.1f GiB moved; CPU std dev %.2f%% -> %.2f%%, peak %.1f%% -> %.1f%%",
                draft.migrationCount(), waves.size(), draft.movedBytes() / (double) Budgets.GIB,
                current.cpuUtilisationStdDev() * 100, state.cpuUtilisationStdDev() * 100,
                current.peakCpuUtilisation() * 100, state.peakCpuUtilisation() * 100));
        explanation.add("score " + doNothing + " -> " + executedScore
                + (timeLimitReached ? " (time limit reached: another run may differ)" : ""));
        addViolations(explanation, now, names);
        if (executedScore.hard() < 0) {
            // Hard rules the plan could not satisfy (budget, or the threshold rule leaving no room): say so.
            afterPlan.getJustificationList(PlacementJustification.class).stream()
                    .filter(j -> HARD_KINDS.stream().anyMatch(k -> k.isInstance(j)))
                    .map(j -> "still after the plan: " + j.describe(names)
                            + " (not resolvable within the budget and the thresholds)")
                    .sorted()
                    .forEach(explanation::add);
        }
        sequence.forced().forEach(f -> explanation.add(f.why() + " (vm " + names.of(f.vmId()) + ")"));
        for (DroppedMove d : sequence.dropped()) {
            explanation.add("dropped move of vm " + names.of(d.vmId()) + " to " + names.of(d.plannedHostId())
                    + ", stays on " + names.of(d.stayHostId()) + ": " + d.why());
        }
        return new Plan(waves, current.loads(), state.loads(), planScore, explanation);
    }

    /** Justifications of the hard rules that describe the pool (not the plan's own budgets). */
    private static final List<Class<? extends PlacementJustification>> HARD_KINDS = List.of(
            PlacementJustification.MemoryOverCapacity.class, PlacementJustification.VmOnUnavailableHost.class,
            PlacementJustification.AntiAffinityConflict.class, PlacementJustification.AffinitySplit.class,
            PlacementJustification.VcpuOvercommit.class);

    /** Share of the search (time and moves) spent exploring before the threshold rule is scored. */
    private static final double EXPLORE_SHARE = 0.7;

    /**
     * Two searches in a row. The first explores without the hard threshold rule (its constraints weigh
     * nothing), where a move may take a destination over the threshold on the way to a placement that
     * keeps every host under it: with the rule scored from the start, local search cannot walk through
     * such states and, on a tight budget, ends with hot hosts less relieved (bench-32x800-8 at greedy's
     * budget: peak 80.3 % against 77.0 %). The second starts from the first's best with every rule
     * scored and makes it keep the threshold rule. The sequencer enforces the rule in any case.
     */
    private static PlacementSolution search(PlacementSolution problem, PlanRequest request, Duration unimproved) {
        long timeMillis = request.timeLimit().toMillis();
        long exploreMillis = Math.max(1, Math.round(timeMillis * EXPLORE_SHARE));
        long exploreMoves = request.moveLimit() <= 0 ? 0 : Math.max(1, Math.round(request.moveLimit() * EXPLORE_SHARE));
        PlacementSolution explored = new PlacementSolver(request.seed(), Duration.ofMillis(exploreMillis), unimproved,
                exploreMoves).solve(PlacementModel.withoutThresholdRule(problem));
        PlacementSolution start = PlacementModel.withPlacement(problem, PlacementModel.placement(explored));
        long repairMoves = request.moveLimit() <= 0 ? 0 : Math.max(1, request.moveLimit() - exploreMoves);
        return new PlacementSolver(request.seed() + 1, Duration.ofMillis(Math.max(1, timeMillis - exploreMillis)),
                unimproved, repairMoves).solve(start);
    }

    private static void addViolations(List<String> explanation,
                                      ScoreExplanation<PlacementSolution, HardMediumSoftLongScore> now, Names names) {
        now.getJustificationList(PlacementJustification.class).stream()
                .filter(j -> !(j instanceof PlacementJustification.Imbalance))
                .filter(j -> !(j instanceof PlacementJustification.HostInUse))
                .filter(j -> !(j instanceof PlacementJustification.CpuPeak))
                .map(j -> "now: " + j.describe(names))
                .sorted()
                .forEach(explanation::add);
    }

    private static String describe(Mode mode, Names names) {
        return switch (mode) {
            case Mode.Balance b -> "balance";
            case Mode.Consolidate c -> "consolidate";
            case Mode.Evacuate e -> "evacuate " + names.of(e.hostId());
        };
    }

    static ScoreLevels levels(HardMediumSoftLongScore score) {
        return new ScoreLevels(score.hardScore(), score.mediumScore(), score.softScore());
    }
}
