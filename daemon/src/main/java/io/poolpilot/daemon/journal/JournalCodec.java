package io.poolpilot.daemon.journal;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.InventoryChange.HostGone;
import io.poolpilot.daemon.model.InventoryChange.HostSeen;
import io.poolpilot.daemon.model.InventoryChange.PoolSeen;
import io.poolpilot.daemon.model.InventoryChange.VmGone;
import io.poolpilot.daemon.model.InventoryChange.VmSeen;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;
import net.openhft.chronicle.bytes.Bytes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The journal's binary record format: a type byte, the append time, then the fields in record
 * order. Canonical uuids take 16 bytes instead of 36 characters; anything else is UTF-8.
 * A VM sample is about 140 bytes. Changing a layout means a new type byte, never an edit.
 */
final class JournalCodec {

    static final byte VM_SAMPLE = 1;
    static final byte HOST_SAMPLE = 2;
    static final byte POOL_SEEN = 10;
    static final byte HOST_SEEN = 11;
    static final byte VM_SEEN = 12;
    static final byte VM_GONE = 13;
    static final byte HOST_GONE = 14;

    private static final byte ID_NULL = 0;
    private static final byte ID_UUID = 1;
    private static final byte ID_TEXT = 2;

    private JournalCodec() {
    }

    static void write(Bytes<?> out, long appendTimeMillis, Observation observation) {
        switch (observation) {
            case VmSample s -> {
                out.writeByte(VM_SAMPLE);
                out.writeLong(appendTimeMillis);
                writeId(out, s.poolUuid());
                writeId(out, s.hostUuid());
                writeId(out, s.vmUuid());
                out.writeLong(s.timeSeconds());
                out.writeInt(s.stepSeconds());
                out.writeInt(s.vcpus());
                out.writeDouble(s.cpuUsedCores());
                out.writeDouble(s.memoryBytes());
                out.writeDouble(s.memoryFreeBytes());
                out.writeDouble(s.memoryTargetBytes());
                out.writeDouble(s.diskReadBytesPerSecond());
                out.writeDouble(s.diskWriteBytesPerSecond());
                out.writeDouble(s.netRxBytesPerSecond());
                out.writeDouble(s.netTxBytesPerSecond());
            }
            case HostSample s -> {
                out.writeByte(HOST_SAMPLE);
                out.writeLong(appendTimeMillis);
                writeId(out, s.poolUuid());
                writeId(out, s.hostUuid());
                out.writeLong(s.timeSeconds());
                out.writeInt(s.stepSeconds());
                out.writeInt(s.cpuCount());
                out.writeDouble(s.cpuFraction());
                out.writeDouble(s.memoryTotalBytes());
                out.writeDouble(s.memoryFreeBytes());
                out.writeDouble(s.loadAverage());
                out.writeDouble(s.netRxBytesPerSecond());
                out.writeDouble(s.netTxBytesPerSecond());
            }
            case PoolSeen c -> {
                out.writeByte(POOL_SEEN);
                out.writeLong(appendTimeMillis);
                writeId(out, c.poolUuid());
                out.writeUtf8(c.name());
                out.writeLong(c.timeMillis());
            }
            case HostSeen c -> {
                out.writeByte(HOST_SEEN);
                out.writeLong(appendTimeMillis);
                writeId(out, c.poolUuid());
                writeId(out, c.hostUuid());
                out.writeUtf8(c.name());
                out.writeUtf8(c.address());
                out.writeInt(c.cpuCount());
                out.writeLong(c.memoryTotalBytes());
                out.writeBoolean(c.enabled());
                out.writeLong(c.timeMillis());
            }
            case VmSeen c -> {
                out.writeByte(VM_SEEN);
                out.writeLong(appendTimeMillis);
                writeId(out, c.poolUuid());
                writeId(out, c.vmUuid());
                out.writeUtf8(c.name());
                writeId(out, c.hostUuid());
                out.writeByte((byte) c.powerState().ordinal());
                out.writeInt(c.vcpus());
                out.writeLong(c.memoryBytes());
                out.writeUtf8(c.billingAccount());
                out.writeStopBit(c.labels().size());
                for (Map.Entry<String, String> label : c.labels().entrySet()) {
                    out.writeUtf8(label.getKey());
                    out.writeUtf8(label.getValue());
                }
                out.writeLong(c.timeMillis());
            }
            case VmGone c -> {
                out.writeByte(VM_GONE);
                out.writeLong(appendTimeMillis);
                writeId(out, c.poolUuid());
                writeId(out, c.vmUuid());
                out.writeLong(c.timeMillis());
            }
            case HostGone c -> {
                out.writeByte(HOST_GONE);
                out.writeLong(appendTimeMillis);
                writeId(out, c.poolUuid());
                writeId(out, c.hostUuid());
                out.writeLong(c.timeMillis());
            }
        }
    }

    /**
     * Decodes one record. Throws {@link IllegalArgumentException} for an unknown type or a record the
     * model rejects, so that a reader can count and skip it.
     */
    static JournalEntry read(Bytes<?> in, long index, IdCache ids) {
        byte type = in.readByte();
        long appendTimeMillis = in.readLong();
        Observation observation = switch (type) {
            case VM_SAMPLE -> new VmSample(readId(in, ids), readId(in, ids), readId(in, ids), in.readLong(), in.readInt(),
                    in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
            case HOST_SAMPLE -> new HostSample(readId(in, ids), readId(in, ids), in.readLong(), in.readInt(), in.readInt(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble());
            case POOL_SEEN -> new PoolSeen(readId(in, ids), in.readUtf8(), in.readLong());
            case HOST_SEEN -> new HostSeen(readId(in, ids), readId(in, ids), in.readUtf8(), in.readUtf8(), in.readInt(),
                    in.readLong(), in.readBoolean(), in.readLong());
            case VM_SEEN -> readVmSeen(in, ids);
            case VM_GONE -> new VmGone(readId(in, ids), readId(in, ids), in.readLong());
            case HOST_GONE -> new HostGone(readId(in, ids), readId(in, ids), in.readLong());
            default -> throw new IllegalArgumentException("unknown journal record type " + type + " at index "
                    + Long.toHexString(index) + " (written by a newer PoolPilot?)");
        };
        return new JournalEntry(index, appendTimeMillis, observation);
    }

    /** Reads only the append time of a record, for seeking by time. */
    static long readAppendTime(Bytes<?> in) {
        in.readByte();
        return in.readLong();
    }

    private static InventoryChange readVmSeen(Bytes<?> in, IdCache ids) {
        String pool = readId(in, ids);
        String vm = readId(in, ids);
        String name = in.readUtf8();
        String host = readId(in, ids);
        int state = in.readByte();
        PowerState[] states = PowerState.values();
        if (state < 0 || state >= states.length) {
            throw new IllegalArgumentException("unknown power state ordinal " + state + " for VM " + vm);
        }
        int vcpus = in.readInt();
        long memory = in.readLong();
        String account = in.readUtf8();
        int labelCount = (int) in.readStopBit();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelCount; i++) {
            labels.put(in.readUtf8(), in.readUtf8());
        }
        return new VmSeen(pool, vm, name, host, states[state], vcpus, memory, account, labels, in.readLong());
    }

    private static void writeId(Bytes<?> out, String id) {
        if (id == null) {
            out.writeByte(ID_NULL);
            return;
        }
        UUID uuid = canonicalUuid(id);
        if (uuid != null) {
            out.writeByte(ID_UUID);
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        } else {
            out.writeByte(ID_TEXT);
            out.writeUtf8(id);
        }
    }

    private static String readId(Bytes<?> in, IdCache ids) {
        byte tag = in.readByte();
        return switch (tag) {
            case ID_NULL -> null;
            case ID_UUID -> ids.get(in.readLong(), in.readLong());
            case ID_TEXT -> in.readUtf8();
            default -> throw new IllegalArgumentException("bad id tag " + tag);
        };
    }

    /**
     * A direct-mapped cache from a uuid's two longs to its canonical string, one per reader (not
     * thread-safe). The same few thousand uuids recur every step; reusing one String instance per
     * uuid saves formatting it again and lets every later hash lookup reuse its cached hash code.
     */
    static final class IdCache {
        private static final int SLOTS = 1 << 17;
        private final long[] most = new long[SLOTS];
        private final long[] least = new long[SLOTS];
        private final String[] strings = new String[SLOTS];

        String get(long msb, long lsb) {
            long h = (msb ^ lsb) * 0x9E3779B97F4A7C15L;
            int slot = (int) (h >>> (64 - 17));
            String s = strings[slot];
            if (s != null && most[slot] == msb && least[slot] == lsb) {
                return s;
            }
            s = new UUID(msb, lsb).toString();
            most[slot] = msb;
            least[slot] = lsb;
            strings[slot] = s;
            return s;
        }
    }

    /** The uuid if {@code id} is exactly its canonical lower-case form (so decoding round-trips). */
    private static UUID canonicalUuid(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
                || id.charAt(23) != '-') {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!hex && c != '-') {
                return null;
            }
        }
        return UUID.fromString(id);
    }
}
