package io.poolpilot.daemon.manage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the database answers and takes writes: a connection taken, validated and asked whether it is a standby,
 * off the event loop, every {@link #INTERVAL} and at start; a probe that takes longer than {@link #TIMEOUT} counts
 * as down. Readiness reads the last outcome, so a /readyz request never waits
 * on JDBC and a burst of probes from a load balancer never reaches the database.
 */
public final class StorageProbe {

    private static final Logger log = LoggerFactory.getLogger(StorageProbe.class);

    /** How often the daemon probes. */
    public static final Duration INTERVAL = Duration.ofSeconds(3);
    /** How long one probe may take before the database counts as down (the pool's own wait can be longer). */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Readiness lags a database outage by at most this. */
    public static final Duration MAX_LAG = INTERVAL.plus(TIMEOUT);
    static final int VALID_TIMEOUT_SECONDS = (int) TIMEOUT.toSeconds();

    /** The last probe: up or not, why not, and when it ran (null before the first probe). */
    public record Outcome(boolean up, String error, Instant checkedAt) {
        static final Outcome NOT_YET = new Outcome(false, "not probed yet", null);
    }

    private final DataSource dataSource;
    private final BlockingPool pool;
    private final Clock clock;
    private final Counter failures;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Outcome last = Outcome.NOT_YET;

    public StorageProbe(DataSource dataSource, BlockingPool pool, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.clock = clock;
        this.failures = Counter.builder(MetricNames.STORE_PROBE_FAILURES)
                .description("readiness probes of the database that failed").register(registry);
    }

    /** Probes now, unless a probe still runs (then answers with the last outcome); never fails. */
    public Future<Outcome> probe(Context context) {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(last);
        }
        return pool.submit(context, this::check)
                .timeout(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .recover(e -> Future.succeededFuture(new Outcome(false, e.toString(), clock.instant())))
                .map(outcome -> {
                    if (!outcome.up()) {
                        failures.increment();
                        if (last.up() || last == Outcome.NOT_YET) {
                            log.warn("event=storage_down error=\"{}\"", outcome.error());
                        }
                    } else if (!last.up() && last != Outcome.NOT_YET) {
                        log.info("event=storage_up");
                    }
                    last = outcome;
                    return outcome;
                })
                .onComplete(r -> running.set(false));
        // A probe stuck past its timeout (the pool waiting for a connection) still finishes in the background; the
        // next one may start as soon as this answer is in, so the outcome keeps following the database.
    }

    public Outcome last() {
        return last;
    }

    private Outcome check() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALID_TIMEOUT_SECONDS)) {
                return new Outcome(false, "connection not valid within " + VALID_TIMEOUT_SECONDS + " s", clock.instant());
            }
            try (java.sql.Statement st = connection.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return new Outcome(false, "the database is read-only (a standby in recovery)", clock.instant());
                }
            }
            return new Outcome(true, null, clock.instant());
        } catch (Exception e) {
            return new Outcome(false, e.getMessage() == null ? e.toString() : e.getMessage(), clock.instant());
        }
    }
}
