package io.poolpilot.xapi;

import io.poolpilot.xapi.fake.FakeXapi;
import io.poolpilot.xapi.fake.XmlRpcText;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Task;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.poolpilot.xapi.fake.FakeXapi.success;
import static io.poolpilot.xapi.fake.WireRecords.host;
import static io.poolpilot.xapi.fake.WireRecords.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XapiClientTest {

    FakeXapi xapi;
    XapiClient client;

    @BeforeEach
    void start() {
        xapi = FakeXapi.start();
        client = new XapiClient(XapiSession.login(XapiEndpoint.of(xapi.url(), "root", "pw")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), "t"));
    }

    @AfterEach
    void stop() {
        client.session().close();
        xapi.close();
    }

    @Test
    void allRecordsAreDecodedAndKeyedByRef() {
        xapi.onMethod("VM.get_all_records", call -> success(Map.of(
                "OpaqueRef:vm1", vm("u1", "web-01", "Running", "OpaqueRef:h1"),
                "OpaqueRef:vm2", vm("u2", "db-01", "Halted", "OpaqueRef:NULL"))));
        xapi.onMethod("host.get_all_records", call -> success(Map.of("OpaqueRef:h1", host("hu", "xs-01", "10.0.0.1"))));

        Map<String, Vm> vms = client.vms();
        Map<String, Host> hosts = client.hosts();

        assertThat(vms).containsOnlyKeys("OpaqueRef:vm1", "OpaqueRef:vm2");
        assertThat(vms.get("OpaqueRef:vm1").residentOn()).contains("OpaqueRef:h1");
        assertThat(vms.get("OpaqueRef:vm2").powerState()).isEqualTo(PowerState.HALTED);
        assertThat(vms.get("OpaqueRef:vm2").residentOn()).isEmpty();
        assertThat(hosts.get("OpaqueRef:h1").cpuCount()).isEqualTo(16);
    }

    @Test
    void oneBadRecordFailsTheReadNamingItsRef() {
        Map<String, Object> broken = vm("u9", "x", "Running", "OpaqueRef:h1");
        broken.remove("VCPUs_max");
        xapi.onMethod("VM.get_all_records", call -> success(Map.of("OpaqueRef:vm9", broken)));

        assertThatThrownBy(client::vms).isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("OpaqueRef:vm9").hasMessageContaining("VCPUs_max");
    }

    @Test
    void asyncPoolMigrateReturnsTheTaskAndTaskRecordDecodesDatetimes() {
        xapi.onMethod("Async.VM.pool_migrate", call -> success("OpaqueRef:task-1"));
        Map<String, Object> task = new HashMap<>(Map.of("uuid", "tu", "name_label", "Async.VM.pool_migrate",
                "status", "pending", "progress", 0.4, "result", "", "error_info", List.of()));
        task.put("created", new XmlRpcText.Raw("<dateTime.iso8601>20261125T09:36:02Z</dateTime.iso8601>"));
        task.put("finished", new XmlRpcText.Raw("<dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601>"));
        xapi.onMethod("task.get_record", call -> success(task));

        String taskRef = client.asyncPoolMigrate("OpaqueRef:vm1", "OpaqueRef:h2", Map.of("live", "true"));
        Task t = client.task(taskRef);

        assertThat(taskRef).isEqualTo("OpaqueRef:task-1");
        assertThat(xapi.calls("Async.VM.pool_migrate").getFirst().params())
                .containsExactly(client.session().sessionRef(), "OpaqueRef:vm1", "OpaqueRef:h2", Map.of("live", "true"));
        assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t.progress()).isEqualTo(0.4);
        assertThat(t.created()).contains(Instant.parse("2026-11-25T09:36:02Z"));
        assertThat(t.finished()).isEmpty();
    }

    @Test
    void operationsCallTheXapiMethodsWithTheirArguments() {
        for (String m : List.of("VM.clean_shutdown", "VM.hard_shutdown", "VM.start", "VM.suspend", "VM.resume",
                "VM.add_to_other_config", "VM.remove_from_other_config", "host.disable", "host.enable",
                "task.cancel", "task.destroy")) {
            xapi.onMethod(m, call -> success(""));
        }

        client.vmCleanShutdown("OpaqueRef:vm1");
        client.vmHardShutdown("OpaqueRef:vm1");
        client.vmStart("OpaqueRef:vm1", false, true);
        client.vmSuspend("OpaqueRef:vm1");
        client.vmResume("OpaqueRef:vm1", false, false);
        client.addToOtherConfig(XapiClass.VM, "OpaqueRef:vm1", "poolpilot.managed", "true");
        client.removeFromOtherConfig(XapiClass.VM, "OpaqueRef:vm1", "poolpilot.managed");
        client.hostDisable("OpaqueRef:h1");
        client.hostEnable("OpaqueRef:h1");
        client.cancelTask("OpaqueRef:t1");
        client.destroyTask("OpaqueRef:t1");

        assertThat(xapi.calls()).extracting(XmlRpcText.Call::method).containsSubsequence("VM.clean_shutdown",
                "VM.hard_shutdown", "VM.start", "VM.suspend", "VM.resume", "VM.add_to_other_config",
                "VM.remove_from_other_config", "host.disable", "host.enable", "task.cancel", "task.destroy");
        assertThat(xapi.calls("VM.start").getFirst().params()).containsExactly(client.session().sessionRef(),
                "OpaqueRef:vm1", false, true);
        assertThat(xapi.calls("VM.add_to_other_config").getFirst().params()).containsExactly(
                client.session().sessionRef(), "OpaqueRef:vm1", "poolpilot.managed", "true");
    }
}
