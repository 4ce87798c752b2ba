package io.poolpilot.daemon.model;

/** Anything the collector observes and journals once: a metric sample or an inventory change. */
public sealed interface Observation permits Sample, InventoryChange {

    /** Pool the observation belongs to. */
    String poolUuid();
}
