package io.poolpilot.simulator.scenario;

/** A pool-wide network on a bridge; every host has one PIF on it and every VM one VIF. */
public record NetworkSpec(String name, String bridge) {
    public NetworkSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("network 'name' is required");
        }
        if (bridge == null || bridge.isBlank()) {
            bridge = "xenbr0";
        }
    }
}
