package io.poolpilot.daemon.metrics;

/** Every metric name and tag key the daemon publishes, written down once. */
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
    /** Counter (TimescaleDB): hours of back-filled samples refreshed in the continuous aggregates. */
    public static final String STORE_BACKFILL_REFRESHED = "poolpilot.store.backfill.refreshed";
    /** Counter (TimescaleDB): back-filled hours not refreshed because raw retention had dropped their samples. */
    public static final String STORE_BACKFILL_PAST_RETENTION = "poolpilot.store.backfill.past.retention";
    /** Counter: readiness probes of the database that failed (no connection, or not valid in time). */
    public static final String STORE_PROBE_FAILURES = "poolpilot.store.probe.failures";

    /**
     * Value of the {@code pool} tag on HikariCP's own meters for the database pool
     * ({@code hikaricp.connections}, {@code .active}, {@code .idle}, {@code .pending}, {@code .max},
     * {@code .timeout}, {@code .acquire}, {@code .usage}, {@code .creation}).
     */
    public static final String DB_POOL_NAME = "poolpilot-db";
    /** Gauge (HikariCP): connections in use in the database pool; tag pool={@link #DB_POOL_NAME}. */
    public static final String DB_POOL_ACTIVE = "hikaricp.connections.active";
    /** Gauge (HikariCP): callers waiting for a connection; tag pool={@link #DB_POOL_NAME}. */
    public static final String DB_POOL_PENDING = "hikaricp.connections.pending";
    /** Counter (HikariCP): waits that ran out of time (answered 503 on the API); tag pool={@link #DB_POOL_NAME}. */
    public static final String DB_POOL_TIMEOUTS = "hikaricp.connections.timeout";
    /** Gauge (HikariCP): the pool's bound; tag pool={@link #DB_POOL_NAME}. */
    public static final String DB_POOL_MAX = "hikaricp.connections.max";

    /** Gauge: hosts and VMs with a live window; tag {@link #TAG_KIND}. */
    public static final String LIVE_ENTITIES = "poolpilot.live.entities";

    /** Counter: samples the collectors journaled; tag pool. */
    public static final String COLLECT_SAMPLES = "poolpilot.collect.samples";
    /** Counter: samples the collectors dropped instead of journaling; tags pool, {@link #TAG_REASON}. */
    public static final String COLLECT_SAMPLES_SKIPPED = "poolpilot.collect.samples.skipped";
    /** Counter: host polls skipped because the previous poll of that host still ran; tag pool. */
    public static final String COLLECT_POLL_SKIPPED = "poolpilot.collect.poll.skipped";
    /** Counter: host polls put off for a second because the blocking pool was full; tag pool. */
    public static final String COLLECT_POLL_DEFERRED = "poolpilot.collect.poll.deferred";
    /** Counter: failed rrd_updates polls (the host is retried with backoff); tag pool. */
    public static final String COLLECT_HOST_POLL_FAILURES = "poolpilot.collect.host.poll.failures";
    /** Counter: inventory changes journaled; tag pool. */
    public static final String COLLECT_INVENTORY_CHANGES = "poolpilot.collect.inventory.changes";
    /** Timer: one rrd_updates fetch and parse; tag pool. */
    public static final String XAPI_RRD_FETCH = "poolpilot.xapi.rrd.fetch";
    /** Counter: event.from rounds that failed (session lost, master gone...); tag pool. */
    public static final String XAPI_EVENT_FAILURES = "poolpilot.xapi.event.failures";
    /** Counter: blocking tasks refused because a bounded pool was full; tag pool (the thread pool's name). */
    public static final String BLOCKING_POOL_REJECTED = "poolpilot.blocking.rejected";
    /** Gauge: blocking tasks running; tag pool (the thread pool's name). */
    public static final String BLOCKING_POOL_ACTIVE = "poolpilot.blocking.active";

    /** Timer (histogram): one planner solve; tag pool. Prometheus: poolpilot_planner_solve_seconds_bucket. */
    public static final String PLANNER_SOLVE = "poolpilot.planner.solve";
    /** Counter: executed plan steps by outcome (done, failed, stale, abandoned); tags pool, {@link #TAG_OUTCOME}. */
    public static final String EXECUTOR_STEPS = "poolpilot.executor.steps";

    /** Counter: VM samples handled by the usage meter; tag {@link #TAG_OUTCOME} (counted, duplicate, late, late_unverified). */
    public static final String USAGE_SAMPLES = "poolpilot.usage.samples";
    /** Counter: usage records written (hours and adjustments). */
    public static final String USAGE_RECORDS = "poolpilot.usage.records";
    /** Counter: failed usage commits, each followed by a replay from the committed index. */
    public static final String USAGE_COMMIT_FAILURES = "poolpilot.usage.commit.failures";
    /** Gauge: VM hours the usage meter holds open. */
    public static final String USAGE_OPEN_HOURS = "poolpilot.usage.open.hours";
    /** Counter: VM actions of billing-driven account control (suspend, resume); tag {@link #TAG_OUTCOME}. */
    public static final String BILLING_CONTROL_ACTIONS = "poolpilot.billing.control.actions";

    /** Gauge: open alerts of a pool this daemon detects for (its lease holder); tags pool, {@link #TAG_KIND}. */
    public static final String DETECT_ALERTS_OPEN = "poolpilot.detect.alerts.open";
    /** Counter: alerts raised; tags pool, {@link #TAG_KIND}. */
    public static final String DETECT_ALERTS_RAISED = "poolpilot.detect.alerts.raised";
    /** Counter: evaluations of a pool's rules reconciled with the store (by the pool's lease holder); tag pool. */
    public static final String DETECT_EVALUATIONS = "poolpilot.detect.evaluations";
    /** Counter: detector evaluations that failed (database down...), retried next interval; tag pool. */
    public static final String DETECT_FAILURES = "poolpilot.detect.failures";
    /** Counter: detector ticks skipped because the previous evaluation of the pool still ran; tag pool. */
    public static final String DETECT_SKIPPED = "poolpilot.detect.skipped";
    /** Counter: answers to alerts that ended; tags {@link #TAG_KIND} (shutdown-vms, restart-vms) and {@link #TAG_OUTCOME}. */
    public static final String ANSWERS_ENDED = "poolpilot.answers.ended";
    /** Counter: VM steps of answers carried out; tags {@code action} and {@link #TAG_OUTCOME} (done, skipped, failed). */
    public static final String ANSWER_STEPS = "poolpilot.answers.steps";
    /** Counter: answer ticks that failed (database or pool unreachable; retried next tick). */
    public static final String ANSWER_FAILURES = "poolpilot.answers.failures";
    /** Counter: answer ticks skipped because the previous one still ran (a long shutdown). */
    public static final String ANSWER_SKIPPED = "poolpilot.answers.skipped";

    /** Gauge: web consoles open now (WebSockets proxied to a VM's RFB console). */
    public static final String CONSOLE_OPEN = "poolpilot.console.open";
    /** Counter: web consoles opened (a WebSocket whose ticket was good and whose console answered). */
    public static final String CONSOLE_OPENED = "poolpilot.console.opened";
    /** Counter: bytes proxied; tag direction (to-viewer, from-viewer). */
    public static final String CONSOLE_BYTES = "poolpilot.console.bytes";
    /** Counter: console tickets or WebSockets refused; tag reason (ticket-unknown, ticket-expired, limit, vm-not-running, unreachable). */
    public static final String CONSOLE_REFUSED = "poolpilot.console.refused";
    /** Counter: open consoles that ended; tag reason (viewer, idle, vm-moved, vm-not-running, console-ended). */
    public static final String CONSOLE_CLOSED = "poolpilot.console.closed";

    public static final String TAG_OUTCOME = "outcome";

    public static final String TAG_KIND = "kind";
    public static final String TAG_READER = "reader";
    public static final String TAG_TABLE = "table";
    public static final String TAG_REASON = "reason";
    public static final String TAG_RESOLUTION = "resolution";
}
