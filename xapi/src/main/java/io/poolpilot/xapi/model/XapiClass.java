package io.poolpilot.xapi.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One XAPI class PoolPilot reads, as a type token: its name in API calls ({@code VM.get_all_records}),
 * its name in {@code event.from} ({@code vm}) and how to decode one record into a plain-words type.
 *
 * @param <T> the record type
 */
public final class XapiClass<T extends XapiObject> {

    public static final XapiClass<Pool> POOL = new XapiClass<>("pool", Pool.class, Pool::fromWire);
    public static final XapiClass<Host> HOST = new XapiClass<>("host", Host.class, Host::fromWire);
    public static final XapiClass<HostMetrics> HOST_METRICS =
            new XapiClass<>("host_metrics", HostMetrics.class, HostMetrics::fromWire);
    public static final XapiClass<Vm> VM = new XapiClass<>("VM", Vm.class, Vm::fromWire);
    public static final XapiClass<VmMetrics> VM_METRICS =
            new XapiClass<>("VM_metrics", VmMetrics.class, VmMetrics::fromWire);
    public static final XapiClass<VmGuestMetrics> VM_GUEST_METRICS =
            new XapiClass<>("VM_guest_metrics", VmGuestMetrics.class, VmGuestMetrics::fromWire);
    public static final XapiClass<StorageRepository> SR =
            new XapiClass<>("SR", StorageRepository.class, StorageRepository::fromWire);
    public static final XapiClass<StorageAttachment> PBD =
            new XapiClass<>("PBD", StorageAttachment.class, StorageAttachment::fromWire);
    public static final XapiClass<DiskAttachment> VBD =
            new XapiClass<>("VBD", DiskAttachment.class, DiskAttachment::fromWire);
    public static final XapiClass<Disk> VDI = new XapiClass<>("VDI", Disk.class, Disk::fromWire);
    public static final XapiClass<NetworkInterface> VIF =
            new XapiClass<>("VIF", NetworkInterface.class, NetworkInterface::fromWire);
    public static final XapiClass<Network> NETWORK = new XapiClass<>("network", Network.class, Network::fromWire);
    public static final XapiClass<Task> TASK = new XapiClass<>("task", Task.class, Task::fromWire);

    /** Every class PoolPilot knows, in a stable order (pools first, tasks last). */
    public static final List<XapiClass<?>> ALL = List.of(POOL, HOST, HOST_METRICS, VM, VM_METRICS,
            VM_GUEST_METRICS, SR, PBD, VBD, VDI, VIF, NETWORK, TASK);

    private static final Map<String, XapiClass<?>> BY_EVENT_NAME;

    static {
        var byName = new java.util.HashMap<String, XapiClass<?>>();
        for (XapiClass<?> c : ALL) {
            byName.put(c.eventName(), c);
        }
        BY_EVENT_NAME = Map.copyOf(byName);
    }

    private final String apiName;
    private final Class<T> type;
    private final BiFunction<String, Map<String, Object>, T> decoder;

    private XapiClass(String apiName, Class<T> type, BiFunction<String, Map<String, Object>, T> decoder) {
        this.apiName = Objects.requireNonNull(apiName);
        this.type = Objects.requireNonNull(type);
        this.decoder = Objects.requireNonNull(decoder);
    }

    /** The class name used in method names, e.g. {@code VM} in {@code VM.get_all_records}. */
    public String apiName() {
        return apiName;
    }

    /** The lower-case name {@code event.from} subscribes to and reports, e.g. {@code vm}. */
    public String eventName() {
        return apiName.toLowerCase(Locale.ROOT);
    }

    public Class<T> type() {
        return type;
    }

    /** Decodes one record; throws {@link io.poolpilot.xapi.XapiTransportException} when a needed field is bad. */
    public T fromWire(String ref, Map<String, Object> fields) {
        return decoder.apply(ref, fields);
    }

    /** The class for an {@code event.from} class name (case-insensitive), if PoolPilot knows it. */
    public static Optional<XapiClass<?>> byEventName(String name) {
        return Optional.ofNullable(BY_EVENT_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return apiName;
    }
}
