package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import java.time.Duration;

/**
 * Solver set-up in one place. Every VM starts on its current host, so there is no construction phase:
 * local search starts from "do nothing" and only keeps what scores better.
 */
public final class PlacementSolver {

    static final int ENTITY_TABU_SIZE = 7;
    static final int ACCEPTED_COUNT_LIMIT = 1000;

    private final SolverFactory<PlacementSolution> factory;

    /**
     * @param seed                random seed
     * @param timeLimit           wall-clock cap
     * @param unimprovedTimeLimit stop when the best score has not improved for this long; zero for never
     * @param moveLimit           cap on evaluated moves (reproducible); 0 for none
     */
    public PlacementSolver(long seed, Duration timeLimit, Duration unimprovedTimeLimit, long moveLimit) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(timeLimit);
        if (!unimprovedTimeLimit.isZero()) {
            termination.setUnimprovedSpentLimit(unimprovedTimeLimit);
        }
        if (moveLimit > 0) {
            termination.setMoveCountLimit(moveLimit);
        }
        SolverConfig config = new SolverConfig()
                .withSolutionClass(PlacementSolution.class)
                .withEntityClasses(PlanningVm.class)
                .withConstraintProviderClass(PlacementConstraints.class)
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(seed)
                .withPhases(localSearch())
                .withTerminationConfig(termination);
        factory = SolverFactory.create(config);
    }

    /**
     * Tabu search on VMs (a VM just moved is left alone for 7 steps) picking the best of 1,000 accepted
     * moves per step: close to hbal's steepest descent, but sampled, so large pools stay fast, and able
     * to walk through worse placements to leave a local optimum. Chosen over late acceptance on the
     * benchmark (docs/planner.md): random single moves with late acceptance scattered hundreds of
     * needless migrations over large pools.
     */
    static LocalSearchPhaseConfig localSearch() {
        return new LocalSearchPhaseConfig()
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withEntityTabuSize(ENTITY_TABU_SIZE))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(ACCEPTED_COUNT_LIMIT));
    }

    public PlacementSolution solve(PlacementSolution problem) {
        return factory.buildSolver().solve(problem);
    }

    public SolutionManager<PlacementSolution, HardMediumSoftLongScore> solutionManager() {
        return SolutionManager.create(factory);
    }
}
