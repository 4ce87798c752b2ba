package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.simulator.state.PoolState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The XML-RPC surface over real sockets with a raw Apache XML-RPC client. */
class XmlRpcWireTest {
    private static Simulator sim;
    private static RawXapi master;
    private static String session;

    @BeforeAll
    static void start() {
        sim = TestSims.small();
        master = new RawXapi(sim.pool("alpha").masterUrl());
        session = master.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void loginAnswersAnOpaqueRefSession() {
        assertThat(session).startsWith("OpaqueRef:").hasSize("OpaqueRef:".length() + 36);
        assertThat(master.call("session.login_with_password", "root", TestSims.ALPHA_PASSWORD)).asString()
                .startsWith("OpaqueRef:");
    }

    @Test
    void xmlRpcIsAlsoServedOnTheXmlrpcPathXenOrchestraPostsTo() {
        RawXapi xo = new RawXapi(sim.pool("alpha").masterUrl().resolve("/xmlrpc"));
        String s = xo.login(TestSims.ALPHA_PASSWORD);
        assertThat(RawXapi.toStrings(xo.call("VM.get_all", s))).isNotEmpty();
    }

    @Test
    void wrongPasswordFailsWithSessionAuthenticationFailed() {
        assertThat(master.error("session.login_with_password", "root", "nope", "2.21", "test"))
                .first().isEqualTo("SESSION_AUTHENTICATION_FAILED");
    }

    @Test
    void badSessionFailsWithSessionInvalid() {
        assertThat(master.error("VM.get_all", "OpaqueRef:not-a-session"))
                .containsExactly("SESSION_INVALID", "OpaqueRef:not-a-session");
    }

    @Test
    void loggedOutSessionIsInvalid() {
        String s = master.login(TestSims.ALPHA_PASSWORD);
        master.call("session.logout", s);
        assertThat(master.error("host.get_all", s)).first().isEqualTo("SESSION_INVALID");
    }

    @Test
    void unknownMethodFailsWithMessageMethodUnknown() {
        assertThat(master.error("VM.teleport", session)).containsExactly("MESSAGE_METHOD_UNKNOWN", "VM.teleport");
        assertThat(master.error("VM.get_no_such_field", session, "x")).first().isEqualTo("MESSAGE_METHOD_UNKNOWN");
    }

    @Test
    void wrongArityFailsWithParameterCountMismatch() {
        assertThat(master.error("VM.get_record", session))
                .containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "VM.get_record", "2", "1");
    }

    @Test
    void slaveAnswersHostIsSlaveWithTheMasterAddress() {
        PoolEndpoint alpha = sim.pool("alpha");
        RawXapi slave = new RawXapi(alpha.host("h-02").url());
        String masterAddress = alpha.masterUrl().getHost();
        assertThat(slave.error("session.login_with_password", "root", TestSims.ALPHA_PASSWORD, "2.21", "t"))
                .containsExactly("HOST_IS_SLAVE", masterAddress);
        assertThat(slave.error("VM.get_all", session)).containsExactly("HOST_IS_SLAVE", masterAddress);
    }

    /** Classes the small scenario has objects of; the others answer empty maps, as on a bare XAPI host. */
    private static final List<String> POPULATED = List.of("pool", "host", "host_metrics", "host_cpu", "VM",
            "VM_metrics", "VM_guest_metrics", "SR", "SM", "PBD", "VDI", "VBD", "network", "VIF", "PIF", "task",
            "PCI", "PGPU", "GPU_group", "role");

    @Test
    void everyClassAnswersGetAllGetAllRecordsGetRecordAndGetByUuid() {
        master.call("Async.host.enable", session, master.refByName(session, "host", "h-02")); // makes a task
        for (String cls : PoolState.CLASSES) {
            Object[] refs = (Object[]) master.call(cls + ".get_all", session);
            Map<String, Map<String, Object>> records = master.allRecords(session, cls);
            assertThat(records.keySet()).as(cls).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(refs).map(String::valueOf).toList());
            if (!POPULATED.contains(cls)) {
                continue;
            }
            assertThat(refs).as(cls + " objects").isNotEmpty();
            String ref = (String) refs[0];
            Map<String, Object> record = master.record(session, cls, ref);
            assertThat(record).as(cls).usingRecursiveComparison().isEqualTo(records.get(ref));
            assertThat(master.call(cls + ".get_by_uuid", session, record.get("uuid"))).isEqualTo(ref);
        }
    }

    @Test
    void fieldGettersAnswerWhatTheRecordHolds() {
        for (String cls : List.of("VM", "host", "host_metrics", "SR", "PBD", "pool")) {
            String ref = (String) ((Object[]) master.call(cls + ".get_all", session))[0];
            Map<String, Object> record = master.record(session, cls, ref);
            for (Map.Entry<String, Object> field : record.entrySet()) {
                Object got = master.call(cls + ".get_" + field.getKey(), session, ref);
                if (got instanceof Object[] array) {
                    assertThat(array).as(cls + "." + field.getKey()).isEqualTo(field.getValue());
                } else {
                    assertThat(got).as(cls + "." + field.getKey()).isEqualTo(field.getValue());
                }
            }
        }
    }

    @Test
    void recordsCarryXapiFieldNamesAndTypes() {
        String vm = master.refByName(session, "VM", "big");
        Map<String, Object> r = master.record(session, "VM", vm);
        assertThat(r).containsEntry("power_state", "Running").containsEntry("is_control_domain", false)
                .containsEntry("is_a_template", false).containsEntry("VCPUs_max", "2")
                .containsEntry("memory_static_max", Long.toString(8L << 30))
                .containsEntry("resident_on", master.refByName(session, "host", "h-02"));
        assertThat(r.get("other_config")).isInstanceOf(Map.class);
        assertThat((Object[]) r.get("VBDs")).hasSize(1);
        String stopped = master.refByName(session, "VM", "stopped");
        assertThat(master.call("VM.get_resident_on", session, stopped)).isEqualTo(PoolState.NULL_REF);
    }

    @Test
    void everyHostHasOneControlDomain() {
        Map<String, Map<String, Object>> vms = master.allRecords(session, "VM");
        for (String host : List.of("h-01", "h-02", "h-03")) {
            String hostRef = master.refByName(session, "host", host);
            long dom0s = vms.values().stream().filter(v -> Boolean.TRUE.equals(v.get("is_control_domain")))
                    .filter(v -> hostRef.equals(v.get("resident_on"))).count();
            assertThat(dom0s).as(host).isEqualTo(1);
            assertThat(master.call("host.get_control_domain", session, hostRef)).isNotEqualTo(PoolState.NULL_REF);
        }
    }

    @Test
    void unknownRefFailsWithHandleInvalidAndUnknownUuidWithUuidInvalid() {
        assertThat(master.error("VM.get_record", session, "OpaqueRef:nothing"))
                .containsExactly("HANDLE_INVALID", "VM", "OpaqueRef:nothing");
        String hostRef = master.refByName(session, "host", "h-01");
        assertThat(master.error("VM.get_record", session, hostRef)).first().isEqualTo("HANDLE_INVALID");
        assertThat(master.error("VM.get_by_uuid", session, "00000000-0000-0000-0000-000000000000"))
                .containsExactly("UUID_INVALID", "VM", "00000000-0000-0000-0000-000000000000");
    }

    @Test
    void systemListMethodsAnswersABareArrayOfActionsGettersAndAsyncVariants() {
        Object answer = master.bare("system.listMethods");
        assertThat(answer).as("xapi answers listMethods without Status/Value").isInstanceOf(Object[].class);
        List<String> methods = RawXapi.toStrings(answer);
        assertThat(methods).contains("session.login_with_password", "event.from", "VM.pool_migrate",
                "Async.VM.pool_migrate", "task.get_status", "task.cancel", "VM.get_power_state", "host.disable",
                "PBD.plug", "VM.add_to_other_config", "SR.get_all_records");
    }

    @Test
    void otherConfigCanBeAddedAndRemovedOnceEach() {
        String vm = master.refByName(session, "VM", "idle");
        master.call("VM.add_to_other_config", session, vm, "poolpilot.test", "yes");
        assertThat(master.call("VM.get_other_config", session, vm)).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("poolpilot.test", "yes");
        assertThat(master.error("VM.add_to_other_config", session, vm, "poolpilot.test", "again"))
                .containsExactly("MAP_DUPLICATE_KEY", "VM", "other_config", vm, "poolpilot.test");
        master.call("VM.remove_from_other_config", session, vm, "poolpilot.test");
        assertThat(((Map<?, ?>) master.call("VM.get_other_config", session, vm)).containsKey("poolpilot.test")).isFalse();
    }

    @Test
    void disabledHostRefusesNewVmsUntilEnabled() {
        String h3 = master.refByName(session, "host", "h-03");
        String stopped = master.refByName(session, "VM", "stopped");
        master.call("host.disable", session, h3);
        assertThat(master.call("host.get_enabled", session, h3)).isEqualTo(false);
        assertThat(master.error("VM.start_on", session, stopped, h3, false, false)).containsExactly("HOST_DISABLED", h3);
        master.call("host.enable", session, h3);
        assertThat(master.call("host.get_enabled", session, h3)).isEqualTo(true);
    }

    @Test
    void vmPowerCycleFollowsXapiStatesAndRejectsBadPowerState() {
        String vm = master.refByName(session, "VM", "stopped");
        String h3 = master.refByName(session, "host", "h-03");
        assertThat(master.error("VM.clean_shutdown", session, vm)).containsExactly("VM_BAD_POWER_STATE", vm, "running", "halted");
        master.call("VM.start_on", session, vm, h3, false, false);
        assertThat(master.call("VM.get_power_state", session, vm)).isEqualTo("Running");
        assertThat(master.call("VM.get_resident_on", session, vm)).isEqualTo(h3);
        assertThat(master.error("VM.start", session, vm, false, false)).containsExactly("VM_BAD_POWER_STATE", vm, "halted", "running");
        master.call("VM.clean_reboot", session, vm);
        master.call("VM.hard_reboot", session, vm);
        assertThat(master.call("VM.get_resident_on", session, vm)).isEqualTo(h3);
        master.call("VM.suspend", session, vm);
        assertThat(master.error("VM.hard_reboot", session, vm)).containsExactly("VM_BAD_POWER_STATE", vm, "running", "suspended");
        assertThat(master.call("VM.get_power_state", session, vm)).isEqualTo("Suspended");
        assertThat(master.call("VM.get_resident_on", session, vm)).isEqualTo(PoolState.NULL_REF);
        assertThat(master.error("VM.suspend", session, vm)).containsExactly("VM_BAD_POWER_STATE", vm, "running", "suspended");
        master.call("VM.resume", session, vm, false, false);
        assertThat(master.call("VM.get_power_state", session, vm)).isEqualTo("Running");
        master.call("VM.hard_shutdown", session, vm);
        assertThat(master.call("VM.get_power_state", session, vm)).isEqualTo("Halted");
        master.call("VM.start", session, vm, false, false);
        master.call("VM.clean_shutdown", session, vm);
        assertThat(master.call("VM.get_power_state", session, vm)).isEqualTo("Halted");
    }

    @Test
    void controlDomainCannotBeShutDown() {
        String dom0 = (String) master.call("host.get_control_domain", session, master.refByName(session, "host", "h-01"));
        assertThat(master.error("VM.clean_shutdown", session, dom0)).first().isEqualTo("OPERATION_NOT_ALLOWED");
    }

    @Test
    void pbdUnplugIsRefusedWhileVmsUseTheSrAndPlugReattaches() {
        Map<String, Map<String, Object>> pbds = master.allRecords(session, "PBD");
        String h1 = master.refByName(session, "host", "h-01");
        String h3 = master.refByName(session, "host", "h-03");
        String busyPbd = pbds.entrySet().stream().filter(e -> h1.equals(e.getValue().get("host"))).findFirst().orElseThrow().getKey();
        String freePbd = pbds.entrySet().stream().filter(e -> h3.equals(e.getValue().get("host"))).findFirst().orElseThrow().getKey();
        assertThat(master.error("PBD.unplug", session, busyPbd)).first().isEqualTo("VDI_IN_USE");
        master.call("PBD.unplug", session, freePbd);
        assertThat(master.call("PBD.get_currently_attached", session, freePbd)).isEqualTo(false);
        master.call("PBD.plug", session, freePbd);
        assertThat(master.call("PBD.get_currently_attached", session, freePbd)).isEqualTo(true);
    }

    @Test
    void int64GoesOutAsStringAndDatetimeInXapiForm() throws Exception {
        String vm = master.refByName(session, "VM", "big");
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>VM.get_record</methodName><params>"
                + "<param><value><string>" + session + "</string></value></param>"
                + "<param><value>" + vm + "</value></param></params></methodCall>";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.pool("alpha").masterUrl())
                .header("content-type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<member><name>memory_static_max</name><value>8589934592</value></member>")
                .contains("<member><name>is_control_domain</name><value><boolean>0</boolean></value></member>")
                .containsPattern("<name>snapshot_time</name><value><dateTime.iso8601>\\d{8}T\\d\\d:\\d\\d:\\d\\dZ</dateTime.iso8601>");
    }

    @Test
    void malformedRequestGetsHttp500AsXapiAnswersIt() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim.pool("alpha").masterUrl() + "")).POST(HttpRequest.BodyPublishers.ofString("<methodCall><oops")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void asyncActionAnswersATaskWhoseRecordTellsTheOutcome() {
        String vm = master.refByName(session, "VM", "stopped");
        String task = (String) master.call("Async.VM.start", session, vm, false, false);
        TestSims.await("task done", java.time.Duration.ofSeconds(5),
                () -> !"pending".equals(master.call("task.get_status", session, task)));
        Map<String, Object> record = master.record(session, "task", task);
        assertThat(record).containsEntry("status", "success").containsEntry("name_label", "Async.VM.start")
                .containsEntry("progress", 1.0).containsEntry("result", "");
        assertThat((Object[]) record.get("error_info")).isEmpty();
        String again = (String) master.call("Async.VM.start", session, vm, false, false);
        TestSims.await("second task done", java.time.Duration.ofSeconds(5),
                () -> !"pending".equals(master.call("task.get_status", session, again)));
        assertThat(RawXapi.toStrings(master.call("task.get_error_info", session, again)))
                .containsExactly("VM_BAD_POWER_STATE", vm, "halted", "running");
        master.call("VM.hard_shutdown", session, vm);
    }

    @Test
    void sessionKnowsItsHostAndServerTimeFollowsTheSimulatedClock() {
        String host = (String) master.call("session.get_this_host", session, session);
        assertThat(master.call("host.get_name_label", session, host)).isEqualTo("h-01");
        java.util.Date serverTime = (java.util.Date) master.call("host.get_servertime", session, host);
        assertThat(serverTime.toInstant()).isAfterOrEqualTo(TestSims.START);
    }
}
