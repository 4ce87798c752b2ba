package io.poolpilot.simulator;

import java.net.URI;

/** A simulated host's own address (XAPI and rrd_updates both answer there). */
public record HostEndpoint(String name, String uuid, URI url) {
}
