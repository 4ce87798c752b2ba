package io.poolpilot.daemon.detect;

import io.poolpilot.xapi.event.Inventory;

import java.time.Instant;
import java.util.Set;

/** One detection rule: a pure function from a pool's current state to the conditions that hold now. */
@FunctionalInterface
public interface Rule {
    Set<Condition> holding(Inventory inventory, Instant now);
}
