package io.poolpilot.daemon.store;

import java.util.List;

/**
 * Every SQL relation name the daemon writes and that dashboards, the API and billing read; the same
 * in both storage flavours. The migration files spell them too; a test checks the two agree.
 */
public final class Relations {

    private Relations() {
    }

    /** Flyway's history of applied migrations. */
    public static final String SCHEMA_HISTORY = "flyway_schema_history";
    /** The pre-Flyway migrator's table: read once to adopt such a database, never written. */
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String POOL = "pool";
    public static final String HOST = "host";
    public static final String VM = "vm";
    public static final String VM_PLACEMENT = "vm_placement";
    public static final String JOURNAL_WATERMARK = "journal_watermark";

    public static final String VM_SAMPLE = "vm_sample";
    public static final String HOST_SAMPLE = "host_sample";
    public static final String VM_SAMPLE_1M = "vm_sample_1m";
    public static final String VM_SAMPLE_1H = "vm_sample_1h";
    public static final String HOST_SAMPLE_1M = "host_sample_1m";
    public static final String HOST_SAMPLE_1H = "host_sample_1h";

    /** TimescaleDB flavour only: hours of back-filled samples the writer still has to refresh in the continuous aggregates. */
    public static final String ROLLUP_REFRESH = "rollup_refresh";

    /** Plain flavour only: buckets the daemon still has to roll up. */
    public static final String ROLLUP_DIRTY = "rollup_dirty";

    /** Relations readers may rely on in either flavour. */
    public static final List<String> READABLE = List.of(POOL, HOST, VM, VM_PLACEMENT, JOURNAL_WATERMARK,
            VM_SAMPLE, HOST_SAMPLE, VM_SAMPLE_1M, VM_SAMPLE_1H, HOST_SAMPLE_1M, HOST_SAMPLE_1H);
}
