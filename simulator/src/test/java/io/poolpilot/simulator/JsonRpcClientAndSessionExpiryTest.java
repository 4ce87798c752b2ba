package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.simulator.fault.Fault;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.event.EventWatcher;
import io.poolpilot.xapi.event.InventoryChange;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PoolPilot's client over JSON-RPC (chosen by a master URL ending in /jsonrpc), and sessions that
 * expire as XAPI's do: the client logs in again and its event watcher keeps its token.
 */
class JsonRpcClientAndSessionExpiryTest {
    private Simulator simulator;
    private PoolEndpoint alpha;

    @BeforeEach
    void start() {
        simulator = TestSims.small(TestSims.options().withFirstPoolOctet(72).withClockRate(20));
        alpha = simulator.pool("alpha");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private XapiSession login(URI url) {
        return XapiSession.login(XapiEndpoint.of(url, alpha.username(), alpha.password()), "json-test");
    }

    @Test
    void aMasterUrlEndingInJsonrpcSelectsJsonRpcAndEveryTypedReadDecodes() {
        XapiEndpoint endpoint = XapiEndpoint.of(alpha.masterUrl().resolve("/jsonrpc"), alpha.username(), alpha.password());
        assertThat(endpoint.transport()).isEqualTo(XapiEndpoint.Transport.JSON_RPC);
        assertThat(endpoint.url().getPath()).isEqualTo("/");
        try (XapiSession session = XapiSession.login(endpoint, "json-test")) {
            XapiClient client = new XapiClient(session);
            assertThat(client.hosts()).hasSize(3);
            assertThat(client.vms().values().stream().filter(Vm::isGuest)).hasSize(6);
            assertThat(client.vmMetrics()).isNotEmpty();
            Vm big = client.vms().values().stream().filter(v -> v.nameLabel().equals("big")).findFirst().orElseThrow();
            assertThat(big.memoryStaticMaxBytes()).isEqualTo(8L << 30);
            assertThat(big.guestMetrics()).as("running guests report guest metrics").isPresent();
            // int64 arguments travel as JSON numbers, datetimes as XAPI's compact form.
            Object ref = session.call("message.create", "POOLPILOT_TEST", 3L, "VM", "uuid-x", "body");
            assertThat(ref.toString()).startsWith("OpaqueRef:");
            @SuppressWarnings("unchecked")
            Map<String, Object> since = (Map<String, Object>) session.call("message.get_since", Instant.EPOCH);
            assertThat(since).containsKey(ref.toString());
            assertThatThrownBy(() -> session.call("VM.get_record", "OpaqueRef:nothing"))
                    .isInstanceOfSatisfying(XapiFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(XapiErrorCodes.HANDLE_INVALID);
                        assertThat(f.params()).containsExactly("VM", "OpaqueRef:nothing");
                    });
        }
    }

    @Test
    void jsonRpcLoginAtASlaveFollowsHostIsSlaveAndKeepsJsonRpc() {
        URI slave = alpha.host("h-02").url().resolve("/jsonrpc");
        try (XapiSession session = login(slave)) {
            assertThat(session.masterUrl().getHost()).isEqualTo(alpha.masterUrl().getHost());
            assertThat(session.endpoint().transport()).isEqualTo(XapiEndpoint.Transport.JSON_RPC);
            assertThat(new XapiClient(session).pools()).hasSize(1);
        }
    }

    @Test
    void anIdleSessionExpiresAndTheClientLogsInAgainKeepingItsEventToken() {
        simulator.faults().apply(new Fault.SessionIdleLimit("alpha", 30)).toCompletionStage().toCompletableFuture().join();
        for (URI url : List.of(alpha.masterUrl(), alpha.masterUrl().resolve("/jsonrpc"))) {
            try (XapiSession session = login(url); XapiSession other = login(alpha.masterUrl())) {
                EventWatcher watcher = new EventWatcher(session, XapiClass.ALL);
                watcher.poll(Duration.ofMillis(200));
                long generation = session.generation();
                String stale = session.sessionRef();
                // 30 simulated seconds pass (1.5 s at 20x) with no call on this session: xapi destroys it.
                Instant idleUntil = simulator.clock().instant().plusSeconds(31);
                TestSims.await("the session to pass its idle limit", Duration.ofSeconds(10),
                        () -> simulator.clock().instant().isAfter(idleUntil));
                Object idle = other.call("VM.get_by_name_label", "idle");
                String vm = ((Object[]) idle).length > 0 ? String.valueOf(((Object[]) idle)[0])
                        : String.valueOf(((List<?>) idle).getFirst());
                other.call("VM.add_to_other_config", vm, "changed-while-idle", url.toString());

                List<InventoryChange> changes = watcher.poll(Duration.ofSeconds(2));

                assertThat(session.generation()).as(url + ": logged in again").isEqualTo(generation + 1);
                assertThat(session.sessionRef()).isNotEqualTo(stale);
                assertThat(watcher.resyncCount()).as(url + ": no snapshot needed").isEqualTo(1);
                assertThat(watcher.tokensKeptCount()).isEqualTo(1);
                assertThat(changes).extracting(InventoryChange::ref).contains(vm);
                other.call("VM.remove_from_other_config", vm, "changed-while-idle");
            }
        }
    }
}
