package io.poolpilot.daemon.usage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One closed usage record: what one VM used in one UTC hour while billed to one account
 * ({@link Kind#HOUR}), or a later correction to it ({@link Kind#ADJUSTMENT}, revision 1, 2, ...).
 * Once written a record never changes; its id is derived from (vm, hour, account, revision), so it is
 * stable across replays and restarts.
 *
 * @param sequence position in the feed (the cursor); 0 until the record is stored
 * @param account  billing account, or null when the VM had none
 */
public record UsageRecord(long sequence, UUID recordId, Kind kind, int revision, String vmUuid, String poolUuid,
                          String account, Instant hourStart, UsageAmounts amounts, Instant closedAt) {

    /** A first, final record for the hour, or a correction made of data that arrived after close. */
    public enum Kind {
        HOUR, ADJUSTMENT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            return switch (value) {
                case "hour" -> HOUR;
                case "adjustment" -> ADJUSTMENT;
                default -> throw new IllegalArgumentException("usage record kind must be hour or adjustment, got '" + value + "'");
            };
        }
    }

    public UsageRecord {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        if (recordId == null || kind == null || vmUuid == null || poolUuid == null || hourStart == null
                || amounts == null || closedAt == null) {
            throw new IllegalArgumentException("usage record for vm " + vmUuid + " hour " + hourStart + " is missing a field");
        }
        if (hourStart.getEpochSecond() % 3600 != 0 || hourStart.getNano() != 0) {
            throw new IllegalArgumentException("hourStart must be a whole UTC hour, got " + hourStart);
        }
        if ((kind == Kind.HOUR) != (revision == 0)) {
            throw new IllegalArgumentException("a " + kind + " record must have revision "
                    + (kind == Kind.HOUR ? "0" : ">= 1") + ", got " + revision);
        }
    }

    /** Share of the hour with samples, 0..1. */
    public double coverage() {
        return amounts.coverage(3600);
    }

    /** The stable id of the record for (vm, hour, account, revision). */
    public static UUID idFor(String vmUuid, Instant hourStart, String account, int revision) {
        String key = "poolpilot-usage:" + vmUuid + ":" + hourStart.getEpochSecond() + ":" + revision + ":"
                + (account == null ? "-" : "=" + account);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
