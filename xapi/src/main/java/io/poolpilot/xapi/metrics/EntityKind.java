package io.poolpilot.xapi.metrics;

/** What a data source in rrd_updates describes, from the second field of its legend entry. */
public enum EntityKind {
    HOST, VM, SR, UNKNOWN;

    static EntityKind fromLegend(String kind) {
        return switch (kind) {
            case "host" -> HOST;
            case "vm" -> VM;
            case "sr" -> SR;
            default -> UNKNOWN;
        };
    }
}
