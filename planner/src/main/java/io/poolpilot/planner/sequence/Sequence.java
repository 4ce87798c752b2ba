package io.poolpilot.planner.sequence;

import java.util.List;
import java.util.Map;

/**
 * The sequencer's result.
 *
 * @param waves      migrations per wave, in execution order
 * @param dropped    planned moves left out
 * @param placement  VM id to host id after the last wave
 * @param forced     evacuation moves that pushed a host over its threshold (or further), for want of room
 */
public record Sequence(List<List<Migration>> waves, List<DroppedMove> dropped, Map<String, String> placement,
                       List<ForcedOverload> forced) {

    public Sequence {
        waves = waves.stream().map(List::copyOf).toList();
        dropped = List.copyOf(dropped);
        placement = Map.copyOf(placement);
        forced = List.copyOf(forced);
    }

    /** A sequence without forced overloads. */
    public Sequence(List<List<Migration>> waves, List<DroppedMove> dropped, Map<String, String> placement) {
        this(waves, dropped, placement, List.of());
    }
}
