package io.poolpilot.planner.sequence;

import java.util.List;
import java.util.Map;

/**
 * The sequencer's result.
 *
 * @param waves      migrations per wave, in execution order
 * @param dropped    planned moves left out
 * @param placement  VM id to host id after the last wave
 */
public record Sequence(List<List<Migration>> waves, List<DroppedMove> dropped, Map<String, String> placement) {

    public Sequence {
        waves = waves.stream().map(List::copyOf).toList();
        dropped = List.copyOf(dropped);
        placement = Map.copyOf(placement);
    }
}
