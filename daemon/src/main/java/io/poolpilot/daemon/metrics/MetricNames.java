package io.poolpilot.daemon.metrics;

/** Every metric name and tag key the daemon's data path publishes, written down once. */
public final class MetricNames {

    private MetricNames() {
    }

    /** Counter: observations appended to the journal; tag {@link #TAG_KIND}. */
    public static final String JOURNAL_APPENDED = "poolpilot.journal.appended";
    /** Gauge: entries appended but not yet acknowledged by a reader; tag {@link #TAG_READER}. */
    public static final String JOURNAL_BACKLOG = "poolpilot.journal.backlog";
    /** Counter: journal cycle files deleted by retention. */
    public static final String JOURNAL_CYCLES_DELETED = "poolpilot.journal.cycles.deleted";
    /** Counter: journal entries a reader could not decode and skipped; tag {@link #TAG_READER}. */
    public static final String JOURNAL_UNDECODABLE = "poolpilot.journal.undecodable";

    /** Timer: one DB writer batch, from first COPY to commit. */
    public static final String STORE_BATCH_LATENCY = "poolpilot.store.batch.latency";
    /** Counter: sample rows committed; tag {@link #TAG_TABLE}. */
    public static final String STORE_ROWS_WRITTEN = "poolpilot.store.rows.written";
    /** Counter: samples skipped instead of stored; tag {@link #TAG_REASON}. */
    public static final String STORE_ROWS_SKIPPED = "poolpilot.store.rows.skipped";
    /** Counter: batch attempts that failed and will be retried (DB down, etc.). */
    public static final String STORE_WRITE_RETRIES = "poolpilot.store.write.retries";
    /** Counter: inventory changes applied to the dimension tables. */
    public static final String STORE_INVENTORY_APPLIED = "poolpilot.store.inventory.applied";
    /** Counter: rollup buckets (re)computed; tag {@link #TAG_RESOLUTION}. */
    public static final String STORE_ROLLUP_BUCKETS = "poolpilot.store.rollup.buckets";

    /** Gauge: hosts and VMs with a live window; tag {@link #TAG_KIND}. */
    public static final String LIVE_ENTITIES = "poolpilot.live.entities";

    public static final String TAG_KIND = "kind";
    public static final String TAG_READER = "reader";
    public static final String TAG_TABLE = "table";
    public static final String TAG_REASON = "reason";
    public static final String TAG_RESOLUTION = "resolution";
}
