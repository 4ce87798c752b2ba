package io.poolpilot.daemon.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The running totals of one VM in one hour, split by billing account, plus which sample instants
 * were already counted (so the same instant reported by two hosts during a migration counts once).
 * Mutable by design: owned by the single meter thread, persisted as bytes in the meter's transaction.
 */
final class HourAccumulator {

    private static final byte FORMAT = 1;
    /** Key for "no billing account" in the map (null keys would make the encoding ambiguous). */
    private static final String NO_ACCOUNT = "\u0000none";

    private final VmHour key;
    private final String poolUuid;
    /** Bit i set: the sample ending at hourStart + i + 1 was counted. */
    private final BitSet seen;
    private final Map<String, UsageAmounts> byAccount = new LinkedHashMap<>();

    HourAccumulator(VmHour key, String poolUuid) {
        this(key, poolUuid, new BitSet(VmHour.HOUR_SECONDS));
    }

    private HourAccumulator(VmHour key, String poolUuid, BitSet seen) {
        this.key = Objects.requireNonNull(key);
        this.poolUuid = Objects.requireNonNull(poolUuid);
        this.seen = seen;
    }

    VmHour key() {
        return key;
    }

    String poolUuid() {
        return poolUuid;
    }

    /** Marks the instant counted; false when it already was (a duplicate to drop). */
    boolean markSeen(long timeSeconds) {
        int bit = (int) (timeSeconds - key.hourStartSeconds() - 1);
        if (bit < 0 || bit >= VmHour.HOUR_SECONDS) {
            throw new IllegalArgumentException("instant " + timeSeconds + " is not in hour " + key);
        }
        if (seen.get(bit)) {
            return false;
        }
        seen.set(bit);
        return true;
    }

    boolean wasSeen(long timeSeconds) {
        int bit = (int) (timeSeconds - key.hourStartSeconds() - 1);
        return bit >= 0 && bit < VmHour.HOUR_SECONDS && seen.get(bit);
    }

    /** The newest instant counted in this hour, or the hour start when none. */
    long newestSeenSeconds() {
        int last = seen.length() - 1;
        return last < 0 ? key.hourStartSeconds() : key.hourStartSeconds() + last + 1;
    }

    void add(String account, UsageAmounts amounts) {
        byAccount.merge(account == null ? NO_ACCOUNT : account, amounts, UsageAmounts::plus);
    }

    boolean isEmpty() {
        return byAccount.isEmpty();
    }

    /** Amounts per account (null key = no account), in first-seen order. */
    Map<String, UsageAmounts> byAccount() {
        Map<String, UsageAmounts> out = new LinkedHashMap<>();
        byAccount.forEach((k, v) -> out.put(NO_ACCOUNT.equals(k) ? null : k, v));
        return out;
    }

    /** Sum over accounts. */
    UsageAmounts total() {
        return byAccount.values().stream().reduce(UsageAmounts.ZERO, UsageAmounts::plus);
    }

    /** Adds the other accumulator's counted instants (not its amounts) to this one's. */
    void mergeSeen(HourAccumulator other) {
        seen.or(other.seen);
    }

    /** A copy holding only the counted instants: what a closed hour keeps to recognise late duplicates. */
    HourAccumulator seenOnly() {
        return new HourAccumulator(key, poolUuid, (BitSet) seen.clone());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(poolUuid);
            long[] words = seen.toLongArray();
            out.writeShort(words.length);
            for (long w : words) {
                out.writeLong(w);
            }
            out.writeShort(byAccount.size());
            for (Map.Entry<String, UsageAmounts> e : byAccount.entrySet()) {
                out.writeUTF(e.getKey());
                for (double d : e.getValue().toArray()) {
                    out.writeDouble(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static HourAccumulator decode(VmHour key, byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("usage meter state for " + key + " has format " + format
                        + ", this version reads " + FORMAT);
            }
            String pool = in.readUTF();
            long[] words = new long[in.readUnsignedShort()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            HourAccumulator acc = new HourAccumulator(key, pool, BitSet.valueOf(words));
            int accounts = in.readUnsignedShort();
            for (int a = 0; a < accounts; a++) {
                String account = in.readUTF();
                double[] values = new double[12];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readDouble();
                }
                acc.byAccount.put(account, UsageAmounts.fromArray(values));
            }
            return acc;
        } catch (IOException e) {
            throw new IllegalArgumentException("usage meter state for " + key + " is unreadable: " + e, e);
        }
    }
}
