package io.poolpilot.daemon.model;

/** One wide row of metrics for one entity (VM or host) at one instant, as XAPI's RRD reported it. */
public sealed interface Sample extends Observation permits VmSample, HostSample {

    /** Uuid of the host that reported the sample (for a VM: the host it ran on at that instant). */
    String hostUuid();

    /** End of the RRD step this sample averages, in Unix seconds. */
    long timeSeconds();

    /** Length of the RRD step in seconds (5 for the 5 s archive). */
    int stepSeconds();
}
