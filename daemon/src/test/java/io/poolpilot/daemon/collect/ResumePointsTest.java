package io.poolpilot.daemon.collect;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResumePointsTest {

    private static final long NOW = 1_800_000_000L;
    private static final Host HOST = new Host("OpaqueRef:h1", "11111111-1111-1111-1111-111111111111", "east-01",
            "127.0.0.1", true, 8, 0, Optional.empty(), List.of(), List.of(), Map.of());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CollectorMetrics metrics = new CollectorMetrics(registry);

    private ResumePoints points(OptionalLong journaled) {
        return new ResumePoints("east", (host, vms) -> journaled, 5, 600, metrics);
    }

    @Test
    void aFirstPollResumesAfterTheNewestJournaledSample() {
        ResumePoints.Resume resume = points(OptionalLong.of(NOW - 100)).plan(HOST, Inventory.empty(), 0, false, NOW);

        assertThat(resume).isEqualTo(new ResumePoints.Resume(NOW - 100, 0, true));
    }

    @Test
    void aFirstPollWithNothingJournaledStartsFromNowAndFillsNothing() {
        ResumePoints.Resume resume = points(OptionalLong.empty()).plan(HOST, Inventory.empty(), 0, false, NOW);

        assertThat(resume).isEqualTo(new ResumePoints.Resume(NOW - 10, 0, false));
    }

    @Test
    void aStartOlderThanXapisFineWindowIsMovedUpAndTheRestReportedOnceAsAGap() {
        ResumePoints points = points(OptionalLong.of(NOW - 3_600));
        ResumePoints.Resume resume = points.plan(HOST, Inventory.empty(), 0, false, NOW);

        assertThat(resume).isEqualTo(new ResumePoints.Resume(NOW - 600, 3_000, true));
        assertThat(registry.find("poolpilot.collect.gap.seconds").counter()).isNull(); // not before the poll succeeded
        points.report(HOST, resume, NOW);
        assertThat(registry.get("poolpilot.collect.gap.seconds").counter().count()).isEqualTo(3_000);
        assertThat(registry.get("poolpilot.collect.backfills").counter().count()).isEqualTo(1);
    }

    @Test
    void aHostThatWasUnreachableResumesWhereItsLastPollEnded() {
        ResumePoints.Resume resume = points(OptionalLong.empty()).plan(HOST, Inventory.empty(), NOW - 240, true, NOW);

        assertThat(resume).isEqualTo(new ResumePoints.Resume(NOW - 240, 0, true));
    }

    @Test
    void aHostPolledOnTimeIsNoBackfill() {
        ResumePoints.Resume resume = points(OptionalLong.empty()).plan(HOST, Inventory.empty(), NOW - 5, false, NOW);

        assertThat(resume).isEqualTo(new ResumePoints.Resume(NOW - 5, 0, false));
    }
}
