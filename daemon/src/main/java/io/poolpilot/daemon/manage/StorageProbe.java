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
 * Whether the database answers: a connection taken and validated off the event loop, every
 * {@link #INTERVAL} and at start. Readiness reads the last outcome, so a /readyz request never waits
 * on JDBC and a burst of probes from a load balancer never reaches the database.
 */
public final class StorageProbe {

    private static final Logger log = LoggerFactory.getLogger(StorageProbe.class);

    /** How often the daemon probes; readiness lags a database outage by at most this. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** How long {@link Connection#isValid(int)} may take before the database counts as down. */
    static final int VALID_TIMEOUT_SECONDS = 2;

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
    }

    public Outcome last() {
        return last;
    }

    private Outcome check() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALID_TIMEOUT_SECONDS)
                    ? new Outcome(true, null, clock.instant())
                    : new Outcome(false, "connection not valid within " + VALID_TIMEOUT_SECONDS + " s", clock.instant());
        } catch (Exception e) {
            return new Outcome(false, e.getMessage() == null ? e.toString() : e.getMessage(), clock.instant());
        }
    }
}
