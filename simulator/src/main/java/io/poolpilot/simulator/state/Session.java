package io.poolpilot.simulator.state;

import java.time.Instant;

/** A logged-in XAPI session. */
public record Session(String ref, String uuid, String user, String originator, Instant created) {
}
