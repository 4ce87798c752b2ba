package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.APIVersion;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Message;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMGuestMetrics;
import com.xensource.xenapi.VMMetrics;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Citrix Hypervisor Java SDK 8.1.0 (com.citrix.hypervisor:xen-api, Maven Central), unchanged, driven
 * as its users drive it: login, all records of every class it models, event.from with "*", an async
 * pool_migrate watched through its task, XAPI errors as its typed exceptions, logout.
 */
class CitrixHypervisorSdkTest {
    /**
     * SDK classes whose objects issue 14 (the console class and CONNECT /console) is building on its own
     * branch: until it lands, the simulator answers their get_all_records from the datamodel with an empty map,
     * which this test accepts for them only; once merged, console records must be there like the others.
     */
    private static final Set<String> EXPECTED_FROM_ISSUE_14 = Set.of("Console");
    /** SDK classes the simulator has objects of in the small scenario; every other class answers an empty map. */
    private static final Set<String> POPULATED = Set.of("Pool", "Host", "HostMetrics", "HostCpu", "VM", "VMMetrics",
            "VMGuestMetrics", "SR", "SM", "PBD", "VDI", "VBD", "Network", "VIF", "PIF", "PCI", "PGPU", "GPUGroup",
            "Role", "Message");

    private static Simulator sim;
    private Connection connection;

    @BeforeAll
    static void start() {
        sim = TestSims.small(TestSims.options().withClockRate(20));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void login() throws Exception {
        connection = new Connection(new URL(sim.pool("alpha").masterUrl().toString()));
        Session.loginWithPassword(connection, "root", TestSims.ALPHA_PASSWORD, APIVersion.latest().toString(),
                "poolpilot-sdk-test");
    }

    @Test
    void everyClassTheSdkModelsAnswersGetAllRecords() throws Exception {
        // A message exists once a VM has started; start one so the message class has a record to decode.
        VM stopped = VM.getByNameLabel(connection, "stopped").iterator().next();
        stopped.start(connection, false, false);
        try {
            checkEveryClassAnswers();
        } finally {
            stopped.hardShutdown(connection);
        }
    }

    private void checkEveryClassAnswers() throws Exception {
        List<String> unknown = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Class<?> api : sdkClassesWithGetAllRecords()) {
            Method getAllRecords = api.getMethod("getAllRecords", Connection.class);
            try {
                Map<?, ?> records = (Map<?, ?>) getAllRecords.invoke(null, connection);
                counts.put(api.getSimpleName(), records.size());
                for (Object record : records.values()) {
                    assertThat(record).as(api.getSimpleName() + " record decoded by the SDK").isNotNull();
                }
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Types.MessageMethodUnknown) {
                    unknown.add(api.getSimpleName());
                } else {
                    throw new AssertionError(api.getSimpleName() + ".getAllRecords failed in the SDK: " + e.getCause(),
                            e.getCause());
                }
            }
        }
        assertThat(unknown).as("SDK classes answered MESSAGE_METHOD_UNKNOWN for get_all_records").isEmpty();
        assertThat(counts.keySet()).as("the SDK's classes were found by the scan").contains("VM", "Host", "Message",
                "Console", "VMGuestMetrics", "PoolUpdate", "VMAppliance", "Secret", "Bond", "VLAN", "PCI", "PGPU",
                "GPUGroup", "SM");
        for (String populated : POPULATED) {
            assertThat(counts.get(populated)).as(populated + " records").isPositive();
        }
        for (String pending : EXPECTED_FROM_ISSUE_14) {
            assertThat(counts).as(pending + " answers get_all_records (objects come with issue 14)").containsKey(pending);
        }
    }

    @Test
    void recordsDecodeWithTheirDeclaredTypes() throws Exception {
        VM big = VM.getByNameLabel(connection, "big").iterator().next();
        VM.Record vm = big.getRecord(connection);
        assertThat(vm.powerState).isEqualTo(Types.VmPowerState.RUNNING);
        assertThat(vm.memoryStaticMax).isEqualTo(8L << 30);
        assertThat(vm.residentOn.getNameLabel(connection)).isEqualTo("h-02");
        VMMetrics.Record metrics = vm.metrics.getRecord(connection);
        assertThat(metrics.VCPUsFlags).as("an empty map decodes as a map").isEmpty();
        assertThat(metrics.VCPUsNumber).isEqualTo(2L);
        assertThat(metrics.startTime).isInstanceOf(Date.class);
        VMGuestMetrics.Record guest = vm.guestMetrics.getRecord(connection);
        assertThat(guest.osVersion).containsKey("name");
        assertThat(guest.networks).containsKey("0/ip");
        assertThat(guest.PVDriversUpToDate).isTrue();
        Host.Record h02 = vm.residentOn.getRecord(connection);
        assertThat(h02.PCIs).hasSize(2);
        assertThat(h02.softwareVersion).containsKey("product_version");
    }

    @Test
    void eventFromWithEveryClassDecodesEachSnapshot() throws Exception {
        EventBatch first = Event.from(connection, Set.of("*"), "", 1.0);
        assertThat(first.events).isNotEmpty();
        assertThat(first.token).isNotEmpty();
        assertThat(first.events.stream().map(e -> e.clazz).toList()).contains("vm", "host", "vm_metrics", "vm_guest_metrics");
        VM idle = VM.getByNameLabel(connection, "idle").iterator().next();
        idle.addToOtherConfig(connection, "sdk-test", "1");
        EventBatch next = Event.from(connection, Set.of("*"), first.token, 5.0);
        assertThat(next.events.stream().map(e -> e.clazz + "/" + e.operation).toList()).contains("vm/mod");
        idle.removeFromOtherConfig(connection, "sdk-test");
    }

    @Test
    void asyncPoolMigrateIsWatchedThroughItsTask() throws Exception {
        VM idle = VM.getByNameLabel(connection, "idle").iterator().next();
        Host target = Host.getByNameLabel(connection, "h-03").iterator().next();
        Host before = idle.getResidentOn(connection);
        Task task = idle.poolMigrateAsync(connection, target, Map.of("live", "true"));
        TestSims.await("the migration task to finish", Duration.ofSeconds(30), () -> {
            try {
                return task.getStatus(connection) != Types.TaskStatusType.PENDING;
            } catch (IOException | org.apache.xmlrpc.XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(task.getStatus(connection)).isEqualTo(Types.TaskStatusType.SUCCESS);
        assertThat(task.getProgress(connection)).isEqualTo(1.0);
        assertThat(idle.getResidentOn(connection)).isEqualTo(target);
        Map<Message, Message.Record> migrated = Message.getSince(connection, new Date(0));
        assertThat(migrated.values().stream().map(m -> m.name).toList()).contains("VM_MIGRATED");
        idle.poolMigrate(connection, before, Map.of());
    }

    @Test
    void xapiErrorsArriveAsTheSdksTypedExceptions() throws Exception {
        VM stopped = VM.getByNameLabel(connection, "stopped").iterator().next();
        assertThatThrownBy(() -> stopped.cleanShutdown(connection)).isInstanceOf(Types.VmBadPowerState.class);
        assertThatThrownBy(() -> VM.getByUuid(connection, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(Types.UuidInvalid.class);
        Connection wrong = new Connection(new URL(sim.pool("alpha").masterUrl().toString()));
        assertThatThrownBy(() -> Session.loginWithPassword(wrong, "root", "not-the-password", "2.21", "t"))
                .isInstanceOf(Types.SessionAuthenticationFailed.class);
    }

    @Test
    void sessionRecordAndTaskCreateAnswerAndLogoutEndsTheSession() throws Exception {
        Session self = Session.getByUuid(connection, sessionUuid());
        Session.Record record = self.getRecord(connection);
        assertThat(record.originator).isEqualTo("poolpilot-sdk-test");
        assertThat(record.lastActive).isNotNull();
        assertThat(self.getThisHost(connection).getNameLabel(connection)).isEqualTo("h-01");
        Task mine = Task.create(connection, "export", "made by the SDK test");
        assertThat(mine.getStatus(connection)).isEqualTo(Types.TaskStatusType.PENDING);
        mine.destroy(connection);
        Session.logout(connection);
        assertThatThrownBy(() -> VM.getAll(connection)).isInstanceOf(Types.SessionInvalid.class);
    }

    @Test
    void legacyEventRegisterAndNextDeliverChanges() throws Exception {
        Event.register(connection, Set.of("vm"));
        VM idle = VM.getByNameLabel(connection, "idle").iterator().next();
        idle.setNameDescription(connection, "changed by the SDK test");
        Set<Event.Record> events = Event.next(connection);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.clazz).isEqualTo("vm");
            assertThat(e.operation).isEqualTo(Types.EventOperation.MOD);
        });
        Event.unregister(connection, Set.of("vm"));
    }

    private String sessionUuid() throws Exception {
        return (String) new RawXapi(sim.pool("alpha").masterUrl()).call("session.get_uuid",
                connection.getSessionReference(), connection.getSessionReference());
    }

    /** Every class of the SDK's package with a static getAllRecords(Connection), found by scanning its jar. */
    private static List<Class<?>> sdkClassesWithGetAllRecords() throws IOException, URISyntaxException, ClassNotFoundException {
        Path jar = Path.of(Connection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("com/xensource/xenapi/") && name.endsWith(".class") && !name.contains("$")) {
                    names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String name : names) {
            Class<?> c = Class.forName(name);
            try {
                Method m = c.getMethod("getAllRecords", Connection.class);
                if (Modifier.isStatic(m.getModifiers())) {
                    out.add(c);
                }
            } catch (NoSuchMethodException e) {
                // a class without records (Session, Event, Auth...): nothing to list
            }
        }
        return out;
    }
}
