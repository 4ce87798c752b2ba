package io.poolpilot.planner.solver;

import ai.timefold.solver.core.config.solver.EnvironmentMode;
import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.Mode;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.ScenarioGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementSolverTest {

    /**
     * FULL_ASSERT recalculates the score from scratch after every move and fails on any difference from
     * the incremental score: guards the complement, loadBalance and max streams.
     */
    @Test
    void incrementalScoreMatchesAFullRecalculationInEveryMode() {
        PoolSnapshot pool = ScenarioGenerator.generate(4, 24, 2);
        for (Mode mode : new Mode[] {Mode.balance(), Mode.consolidate(), Mode.evacuate("h01")}) {
            PlacementSolution problem = PlacementModel.build(pool, mode, new Budgets(6, 64L << 30));
            PlacementSolution best = new PlacementSolver(1, Duration.ofSeconds(30), Duration.ZERO, 1_500,
                    EnvironmentMode.FULL_ASSERT).solve(problem);
            assertThat(best.getScore()).as("%s", mode).isNotNull();
        }
    }

    @Test
    void solvingNeverMovesAPinnedVm() {
        PoolSnapshot pool = ScenarioGenerator.generate(6, 60, 4);
        PlacementSolution best = new PlacementSolver(3, Duration.ofSeconds(30), Duration.ZERO, 20_000)
                .solve(PlacementModel.build(pool, Mode.balance(), Budgets.unlimited()));
        assertThat(best.getVms()).filteredOn(PlanningVm::isPinned).isNotEmpty().noneMatch(PlanningVm::isMoved);
    }
}
