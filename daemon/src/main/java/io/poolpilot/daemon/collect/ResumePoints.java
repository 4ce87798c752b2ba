package io.poolpilot.daemon.collect;

import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where each host's next {@code rrd_updates} starts, so that nothing a host still holds is lost: after the last sample
 * journaled for it (by this run, or by an earlier one found in the live state the journal replayed at start), not
 * from now. XAPI keeps 5 s rows for ten minutes; a start older than the back-fill window is moved up to it and the
 * seconds in between are reported as a gap (logged and counted), never invented.
 */
public final class ResumePoints {

    private static final Logger log = LoggerFactory.getLogger(ResumePoints.class);

    /** The newest sample time journaled for a host or any of the VMs now on it, if the daemon knows one. */
    @FunctionalInterface
    public interface Journaled {
        OptionalLong newestSeconds(String hostUuid, Collection<String> vmUuids);

        /** Knows nothing: a first poll starts from now. */
        Journaled NONE = (host, vms) -> OptionalLong.empty();
    }

    private final String poolName;
    private final Journaled journaled;
    private final int intervalSeconds;
    private final int backfillSeconds;
    private final CollectorMetrics metrics;

    ResumePoints(String poolName, Journaled journaled, int intervalSeconds, int backfillSeconds, CollectorMetrics metrics) {
        this.poolName = poolName;
        this.journaled = journaled;
        this.intervalSeconds = intervalSeconds;
        this.backfillSeconds = backfillSeconds;
        this.metrics = metrics;
    }

    /**
     * Where a poll starts: after {@code sinceSeconds}; {@code gapSeconds} older than that could not be asked for;
     * {@code resumed} when it fills a hole (a restart, or a host that was unreachable).
     */
    record Resume(long sinceSeconds, long gapSeconds, boolean resumed) {
    }

    /**
     * The start of the host's next poll; nothing is reported until {@link #report} (a poll that fails is retried with
     * the same start, and must not count its gap twice).
     *
     * @param lastPolledSeconds newest time this run journaled for the host; 0 before its first poll
     * @param failedSince       whether the host's polls failed since that time (it was unreachable)
     */
    Resume plan(Host host, Inventory inventory, long lastPolledSeconds, boolean failedSince, long nowSeconds) {
        long wanted;
        boolean resumed;
        if (lastPolledSeconds > 0) {
            wanted = lastPolledSeconds;
            resumed = failedSince;
        } else {
            OptionalLong earlier = journaled.newestSeconds(host.uuid(), residentVms(host, inventory));
            resumed = earlier.isPresent();
            wanted = earlier.orElse(nowSeconds - 2L * intervalSeconds);
        }
        long earliest = nowSeconds - backfillSeconds;
        long gap = 0;
        if (wanted < earliest) {
            gap = earliest - wanted;
            wanted = earliest;
        }
        return new Resume(wanted, gap, resumed);
    }

    /** After a poll that started at {@code resume} succeeded: the back-fill and the gap, logged and counted once. */
    void report(Host host, Resume resume, long nowSeconds) {
        if (resume.gapSeconds() > 0) {
            metrics.gap(poolName, resume.gapSeconds());
            log.warn("event=collection_gap pool={} host={} name=\"{}\" from={} to={} seconds={} hint=\"older than "
                            + "XAPI's {} s of 5 s rows: not recoverable at full resolution\"", poolName, host.uuid(),
                    host.nameLabel(), Instant.ofEpochSecond(resume.sinceSeconds() - resume.gapSeconds()),
                    Instant.ofEpochSecond(resume.sinceSeconds()), resume.gapSeconds(), backfillSeconds);
        }
        if (resume.resumed()) {
            metrics.backfilled(poolName);
            log.info("event=collection_backfill pool={} host={} from={} seconds={}", poolName, host.uuid(),
                    Instant.ofEpochSecond(resume.sinceSeconds()), nowSeconds - resume.sinceSeconds());
        }
    }

    private static List<String> residentVms(Host host, Inventory inventory) {
        return inventory.vms().values().stream()
                .filter(vm -> vm.residentOn().filter(host.ref()::equals).isPresent())
                .map(Vm::uuid).toList();
    }
}
