package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Objects;

/**
 * One closed usage record of the feed: what one VM used in one UTC hour while billed to one account
 * ({@link Kind#HOUR}), or a later correction ({@link Kind#ADJUSTMENT}). {@code recordId} is stable across
 * replays: the billing system's dedupe key. {@code sequence} is the record's place in the feed.
 */
public record UsageRecord(String recordId, long sequence, Kind kind, int revision, String vmUuid, String poolUuid,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String account, Instant hourStart,
                          double coverage, double coveredSeconds, double runningSeconds, double vcpuSeconds,
                          double cpuSeconds, double memoryGibHours, double memoryUsedGibHours, double memoryUsedSeconds,
                          double diskReadBytes, double diskWriteBytes, double netRxBytes, double netTxBytes,
                          long samples, Instant closedAt) {

    /** A first, final record for the hour, or a correction made of data that arrived after it closed. */
    public enum Kind {
        HOUR, ADJUSTMENT;

        @JsonValue
        public String wire() {
            return Wire.name(this);
        }
    }

    public UsageRecord {
        Ids.requireUuid("recordId", recordId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hourStart, "hourStart");
        Objects.requireNonNull(closedAt, "closedAt");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1 (a stored record), got " + sequence);
        }
        if ((kind == Kind.HOUR) != (revision == 0)) {
            throw new IllegalArgumentException("a " + kind.wire() + " record must have revision "
                    + (kind == Kind.HOUR ? "0" : ">= 1") + ", got " + revision);
        }
    }
}
