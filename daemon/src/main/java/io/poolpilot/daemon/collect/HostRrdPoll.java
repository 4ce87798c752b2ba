package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.journal.JournalWriter;
import io.poolpilot.daemon.model.Sample;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.RrdParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One poll of one host's {@code rrd_updates} (blocking, on the collector's bounded pool): fetch, assemble into
 * samples, drop what must not be stored (already seen, from the future, control domains, a VM instant a migrating
 * VM's other host reported first), journal the rest.
 */
final class HostRrdPoll {

    private static final Logger log = LoggerFactory.getLogger(HostRrdPoll.class);

    /** A host clock this far ahead of ours is skew, not data: such rows are counted and dropped. */
    static final long MAX_FUTURE_SECONDS = 300;

    private final String poolName;
    private final PoolConnection connection;
    private final JournalWriter journal;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final VmInstantDeduplicator deduplicator = new VmInstantDeduplicator();
    private final IgnoredSources ignoredSources = new IgnoredSources();

    HostRrdPoll(String poolName, PoolConnection connection, JournalWriter journal, CollectorMetrics metrics, Clock clock) {
        this.poolName = poolName;
        this.connection = connection;
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A VM left the pool: its remembered instants go. */
    void forget(String vmUuid) {
        deduplicator.forget(vmUuid);
    }

    /** Blocking: fetch, assemble, deduplicate and journal one host's new rows. Returns the newest time seen. */
    long poll(String hostUuid, URI hostUrl, long sinceSeconds, String poolUuid, Set<String> controlDomains) {
        long started = System.nanoTime();
        List<DataPoint> points = new ArrayList<>();
        RrdParseResult result = connection.fetchRrdUpdates(hostUrl, sinceSeconds + 1, points::add);
        metrics.rrdFetched(poolName, System.nanoTime() - started, result.skippedValues() + result.skippedColumns());
        String pool = poolUuid;
        if (pool == null) {
            throw new IllegalStateException("pool uuid not known yet");
        }
        int step = (int) Math.max(1, result.meta().stepSeconds());
        SampleAssembler.Assembled assembled = SampleAssembler.assemble(pool, hostUuid, step, points);
        assembled.skipped().forEach((reason, count) -> metrics.samplesSkipped(poolName, reason, count));
        ignoredSources.report(poolName, hostUuid, assembled.ignoredDataSources());
        long newest = sinceSeconds;
        long horizon = clock.instant().getEpochSecond() + MAX_FUTURE_SECONDS;
        List<Sample> samples = new ArrayList<>(assembled.samples());
        samples.sort(Comparator.comparingLong(Sample::timeSeconds));
        int journaled = 0;
        for (Sample sample : samples) {
            if (sample.timeSeconds() <= sinceSeconds) {
                metrics.samplesSkipped(poolName, "already_seen", 1);
                continue;
            }
            if (sample.timeSeconds() > horizon) {
                metrics.samplesSkipped(poolName, "future_time", 1);
                continue;
            }
            if (sample instanceof VmSample vm && controlDomains.contains(vm.vmUuid())) {
                metrics.samplesSkipped(poolName, "control_domain", 1);
                continue;
            }
            if (sample instanceof VmSample vm && !deduplicator.accept(vm.vmUuid(), vm.timeSeconds())) {
                metrics.samplesSkipped(poolName, "duplicate_vm_instant", 1);
                continue;
            }
            journal.append(sample);
            journaled++;
            newest = Math.max(newest, sample.timeSeconds());
        }
        metrics.samplesJournaled(poolName, journaled);
        return newest;
    }

    /** Logs each unknown data source once per pool, so a new XAPI version is noticed without flooding logs. */
    private static final class IgnoredSources {
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        void report(String pool, String host, List<String> sources) {
            for (String source : sources) {
                if (seen.add(source)) {
                    log.info("event=data_source_ignored pool={} host={} source={}", pool, host, source);
                }
            }
        }
    }
}
