package io.poolpilot.planner.sequence;

/**
 * A planned move the sequencer could not fit into any safe order; the VM stays where it is (or on the
 * spare host it was parked on).
 *
 * @param vmId          VM
 * @param stayHostId    host it stays on
 * @param plannedHostId host the solver wanted
 * @param why           readable cause
 */
public record DroppedMove(String vmId, String stayHostId, String plannedHostId, String why) {
}
