package io.poolpilot.planner.sequence;

/**
 * An evacuation that leaves no other choice than pushing a host over its threshold (or further over it):
 * the only exception to the hard threshold rule, which the plan states in words.
 *
 * @param vmId   the evacuated VM whose arrival took the host over
 * @param hostId the host pushed over
 * @param why    the figures, in words
 */
public record ForcedOverload(String vmId, String hostId, String why) {
}
