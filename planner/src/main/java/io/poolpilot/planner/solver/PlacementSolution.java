package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;

import java.util.List;

/** The Timefold solution: hosts, VMs with their planned host, the budgets and the mode's weights. */
@PlanningSolution
public class PlacementSolution {

    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<PlanningHost> hosts;

    @PlanningEntityCollectionProperty
    private List<PlanningVm> vms;

    @ProblemFactProperty
    private MoveBudget budget;

    private ConstraintWeightOverrides<HardMediumSoftLongScore> constraintWeightOverrides;

    @PlanningScore
    private HardMediumSoftLongScore score;

    /** For Timefold's cloning. */
    public PlacementSolution() {
    }

    public PlacementSolution(List<PlanningHost> hosts, List<PlanningVm> vms, MoveBudget budget,
                             ConstraintWeightOverrides<HardMediumSoftLongScore> constraintWeightOverrides) {
        this.hosts = hosts;
        this.vms = vms;
        this.budget = budget;
        this.constraintWeightOverrides = constraintWeightOverrides;
    }

    public List<PlanningHost> getHosts() {
        return hosts;
    }

    public List<PlanningVm> getVms() {
        return vms;
    }

    public MoveBudget getBudget() {
        return budget;
    }

    public ConstraintWeightOverrides<HardMediumSoftLongScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(
            ConstraintWeightOverrides<HardMediumSoftLongScore> constraintWeightOverrides) {
        this.constraintWeightOverrides = constraintWeightOverrides;
    }

    public HardMediumSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardMediumSoftLongScore score) {
        this.score = score;
    }
}
