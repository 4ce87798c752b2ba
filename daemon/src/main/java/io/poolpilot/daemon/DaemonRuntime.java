package io.poolpilot.daemon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolpilot.daemon.collect.CollectorMetrics;
import io.poolpilot.daemon.collect.PoolCollector;
import io.poolpilot.daemon.collect.PoolCollectors;
import io.poolpilot.daemon.control.ControlPlane;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.live.LiveStateFeeder;
import io.poolpilot.daemon.manage.DaemonReadiness;
import io.poolpilot.daemon.manage.ManagementServer;
import io.poolpilot.daemon.manage.StorageProbe;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.runtime.DaemonVertx;
import io.poolpilot.daemon.store.Database;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.DbWriterConfig;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.daemon.usage.UsageMeter;
import io.poolpilot.xapi.security.DeserializationGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running daemon: database, journal, DB writer, live state, one collector per pool and the
 * management port, started in dependency order and stopped in reverse. {@link Main} builds one;
 * so do the end-to-end tests.
 */
public final class DaemonRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DaemonRuntime.class);

    /** Journal reader names: one place, so retention and backlog gauges agree with the readers. */
    public static final String DB_WRITER_READER = "db-writer";
    public static final String LIVE_STATE_READER = "live-state";
    public static final String USAGE_METER_READER = UsageMeter.READER_NAME;
    /** How often journal retention is applied. */
    static final Duration RETENTION_CHECK = Duration.ofMinutes(10);
    /** The longest start-up waits for the live state to replay the journal before collection starts anyway. */
    static final Duration REPLAY_LIMIT = Duration.ofMinutes(2);

    private final DaemonConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final PoolCollectors collection = new PoolCollectors();
    private Database database;
    private DataSource dataSource;
    private StorageFlavour flavour;
    private Journal journal;
    private DbWriter writer;
    private LiveState liveState;
    private UsageMeter usageMeter;
    private Vertx vertx;
    private DaemonReadiness readiness;
    private ManagementServer management;
    private BlockingPool blocking;
    private ControlPlane control;

    private DaemonRuntime(DaemonConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static DaemonRuntime start(DaemonConfig config, Map<String, String> environment, Clock clock) {
        return start(config, environment, clock, batch -> { });
    }

    /** As {@link #start(DaemonConfig, Map, Clock)}, telling {@code onBatch} about every committed DB batch (benchmarks). */
    public static DaemonRuntime start(DaemonConfig config, Map<String, String> environment, Clock clock,
                                      java.util.function.Consumer<DbWriter.BatchCommitted> onBatch) {
        DaemonRuntime runtime = new DaemonRuntime(config);
        try {
            runtime.startAll(environment, clock, onBatch);
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll(Map<String, String> environment, Clock clock,
                          java.util.function.Consumer<DbWriter.BatchCommitted> onBatch) {
        DeserializationGuard.install();
        database = Database.open(config.database(), config.workDir(), environment, registry);
        toClose.add(database);
        dataSource = database.dataSource();
        try {
            flavour = StoreSchema.prepare(dataSource, config.database().flavour());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database schema could not be prepared: " + e.getMessage(), e);
        }
        log.info("event=storage_ready flavour={}", flavour.name());

        journal = Journal.open(new JournalConfig(config.journalDir(), RollCycles.FAST_HOURLY,
                Duration.ofHours(config.journal().retentionHours()), SystemTimeProvider.INSTANCE), registry);
        toClose.add(journal);

        writer = new DbWriter(DbWriterConfig.defaults().withReaderName(DB_WRITER_READER), dataSource,
                journal.reader(DB_WRITER_READER), flavour, registry, clock, onBatch);
        writer.start();
        toClose.add(writer);

        usageMeter = new UsageMeter(config.usage(), dataSource, journal.reader(USAGE_METER_READER), registry, clock);
        usageMeter.start();
        toClose.add(usageMeter);

        Duration window = Duration.ofMinutes(config.liveWindowMinutes());
        liveState = new LiveState(window, config.collect().intervalSeconds(), registry);
        LiveStateFeeder feeder = new LiveStateFeeder(journal.reader(LIVE_STATE_READER), liveState, window, clock);
        feeder.start();
        toClose.add(feeder);
        feeder.awaitReplay(REPLAY_LIMIT);

        vertx = DaemonVertx.create(registry);
        blocking = new BlockingPool("xapi", config.collect().maxConcurrentCalls(), registry);
        toClose.add(blocking);
        BlockingPool probes = new BlockingPool("health", 1, registry);
        toClose.add(probes);
        StorageProbe storage = new StorageProbe(dataSource, probes, clock, registry);
        await(storage.probe(vertx.getOrCreateContext()), "storage probe");
        vertx.setPeriodic(StorageProbe.INTERVAL.toMillis(), id -> storage.probe(vertx.getOrCreateContext()));
        readiness = new DaemonReadiness(config.pools().stream().map(PoolConfig::name).toList(),
                collection::synced, flavour.name(), storage,
                () -> new JsonObject().put("dbWriterCommittedIndex", writer.committedIndex())
                        .put("usageMeterCommittedIndex", usageMeter.committedIndex()));
        management = new ManagementServer(config.managementPort(), registry, readiness);
        await(vertx.deployVerticle(management), "management server");

        // Journal retention: a cycle goes only once every reader has passed it and it is old enough.
        vertx.setPeriodic(RETENTION_CHECK.toMillis(), id -> blocking.submit(vertx.getOrCreateContext(),
                journal::applyRetention).onFailure(e -> log.warn("event=journal_retention_failed error=\"{}\"", e.toString())));

        collection.start(vertx, config.pools(), config.collect(), environment, journal, blocking,
                new CollectorMetrics(registry), clock, liveState::newestSampleSeconds);
        control = ControlPlane.start(config.control(), config.planner().rules(config.control()), config.detect(), vertx, dataSource, registry, liveState, collection::inventories,
                collection.endpoints(), clock, readiness::forApi, config.collect().billingAccountKey());
        toClose.add(control);
        log.info("event=daemon_started pools={} managementPort={} journal={}", collection.pools(),
                management.actualPort(), config.journalDir());
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " did not start: " + e.getMessage(), e);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StorageFlavour flavour() {
        return flavour;
    }

    public LiveState liveState() {
        return liveState;
    }

    public Journal journal() {
        return journal;
    }

    public DbWriter writer() {
        return writer;
    }

    public UsageMeter usageMeter() {
        return usageMeter;
    }

    public Map<String, PoolCollector> collectors() {
        return collection.collectors();
    }

    /** The control plane (API, plans, executors); null before start. */
    public ControlPlane control() {
        return control;
    }

    /** Port of the control API, or -1 when it is off. */
    public int apiPort() {
        return control == null ? -1 : control.apiPort();
    }

    public int managementPort() {
        return management == null ? -1 : management.actualPort();
    }

    /** JDBC URL of the embedded database, or null with an external one. */
    public String embeddedJdbcUrl() {
        return database == null ? null : database.embeddedJdbcUrl();
    }

    /**
     * For failover tests: stops as a crashed process would, leaving pool leases to expire and running steps
     * unrecorded, then releases this JVM's resources.
     */
    public void kill() {
        if (control != null) {
            control.abandon();
        }
        close();
    }

    /** Stops collectors first (nothing new comes in), then the writer drains, then storage closes. */
    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("event=vertx_close_failed error=\"{}\"", e.toString());
            }
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("event=close_failed component={} error=\"{}\"", toClose.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        toClose.clear();
        log.info("event=daemon_stopped");
    }
}
