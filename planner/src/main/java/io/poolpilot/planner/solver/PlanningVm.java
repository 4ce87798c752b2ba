package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

import java.util.List;

/**
 * A VM as a Timefold planning entity: its planned host is the variable; the original host stays beside
 * it, as in the machine-reassignment example, so that move costs can be scored.
 */
@PlanningEntity
public class PlanningVm {

    @PlanningId
    private String id;
    private long memoryBytes;
    private int vcpus;
    private long cpuDemandMillis;
    private PlanningHost originalHost;
    private boolean pinned;
    private boolean inCooldown;
    private List<String> affinityGroups;
    private List<String> antiAffinityGroups;

    @PlanningVariable
    private PlanningHost host;

    /** For Timefold's cloning. */
    public PlanningVm() {
    }

    public PlanningVm(String id, long memoryBytes, int vcpus, long cpuDemandMillis, PlanningHost originalHost,
                      boolean pinned, boolean inCooldown, List<String> affinityGroups,
                      List<String> antiAffinityGroups) {
        this.id = id;
        this.memoryBytes = memoryBytes;
        this.vcpus = vcpus;
        this.cpuDemandMillis = cpuDemandMillis;
        this.originalHost = originalHost;
        this.pinned = pinned;
        this.inCooldown = inCooldown;
        this.affinityGroups = List.copyOf(affinityGroups);
        this.antiAffinityGroups = List.copyOf(antiAffinityGroups);
        this.host = originalHost;
    }

    /** Convenience for tests: a VM without groups, not pinned, not in cooldown. */
    public PlanningVm(String id, long memoryBytes, int vcpus, long cpuDemandMillis, PlanningHost originalHost) {
        this(id, memoryBytes, vcpus, cpuDemandMillis, originalHost, false, false, List.of(), List.of());
    }

    public String getId() {
        return id;
    }

    public long getMemoryBytes() {
        return memoryBytes;
    }

    public int getVcpus() {
        return vcpus;
    }

    public long getCpuDemandMillis() {
        return cpuDemandMillis;
    }

    public PlanningHost getOriginalHost() {
        return originalHost;
    }

    @PlanningPin
    public boolean isPinned() {
        return pinned;
    }

    public boolean isInCooldown() {
        return inCooldown;
    }

    public List<String> getAffinityGroups() {
        return affinityGroups;
    }

    public List<String> getAntiAffinityGroups() {
        return antiAffinityGroups;
    }

    public PlanningHost getHost() {
        return host;
    }

    public void setHost(PlanningHost host) {
        this.host = host;
    }

    /** True when the planned host differs from the original one. */
    public boolean isMoved() {
        return host != originalHost;
    }

    /** Memory in MiB, rounded up: the unit of hard memory penalties and of the migration cost. */
    public long getMemoryMebibytes() {
        return Units.ceilMebibytes(memoryBytes);
    }

    @Override
    public String toString() {
        return id + "@" + host;
    }
}
