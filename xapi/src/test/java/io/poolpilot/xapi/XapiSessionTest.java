package io.poolpilot.xapi;

import io.poolpilot.xapi.fake.FakeXapi;
import io.poolpilot.xapi.fake.XmlRpcText;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.poolpilot.xapi.fake.FakeXapi.failure;
import static io.poolpilot.xapi.fake.FakeXapi.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XapiSessionTest {

    static XapiEndpoint endpoint(URI url) {
        return XapiEndpoint.of(url, "root", "s3cret-pw").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void loginSendsUserPasswordVersionAndOriginatorAndCallsCarryTheSessionRef() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "poolpilot-test")) {
            xapi.onMethod("VM.get_power_state", call -> success("Running"));

            Object value = session.call("VM.get_power_state", "OpaqueRef:vm-1");

            assertThat(value).isEqualTo("Running");
            XmlRpcText.Call login = xapi.calls("session.login_with_password").getFirst();
            assertThat(login.params()).containsExactly("root", "s3cret-pw", XapiSession.API_VERSION, "poolpilot-test");
            assertThat(xapi.calls("VM.get_power_state").getFirst().params())
                    .containsExactly(session.sessionRef(), "OpaqueRef:vm-1");
            assertThat(session.masterUrl()).isEqualTo(xapi.url());
        }
    }

    @Test
    void int64ArgumentsGoOutAsDecimalStrings() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            xapi.onMethod("VM.set_memory_dynamic_max", call -> success(""));

            session.call("VM.set_memory_dynamic_max", "OpaqueRef:vm-1", 8_589_934_592L);

            assertThat(xapi.calls("VM.set_memory_dynamic_max").getFirst().param(2)).isEqualTo("8589934592");
        }
    }

    @Test
    void failureEnvelopeBecomesTypedFailureWithCodeAndParams() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            xapi.onMethod("VM.start", call -> failure("VM_BAD_POWER_STATE", "OpaqueRef:vm-1", "halted", "running"));

            assertThatThrownBy(() -> session.call("VM.start", "OpaqueRef:vm-1", false, false))
                    .isInstanceOfSatisfying(XapiFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(XapiErrorCodes.VM_BAD_POWER_STATE);
                        assertThat(f.params()).containsExactly("OpaqueRef:vm-1", "halted", "running");
                        assertThat(f.getMessage()).contains("VM_BAD_POWER_STATE", "halted", "running");
                    });
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureNotATransportError() {
        try (FakeXapi xapi = FakeXapi.start()) {
            xapi.onMethod("session.login_with_password",
                    call -> failure("SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure"));

            assertThatThrownBy(() -> XapiSession.login(endpoint(xapi.url()), "t"))
                    .isInstanceOfSatisfying(XapiFailure.class,
                            f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.SESSION_AUTHENTICATION_FAILED))
                    .hasMessageNotContaining("s3cret-pw");
        }
    }

    @Test
    void malformedEnvelopesAreTransportErrors() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            xapi.onMethod("no.status", call -> new FakeXapi.Envelope(Map.of("Value", "x")));
            xapi.onMethod("not.a.struct", call -> new FakeXapi.Envelope("just a string"));
            xapi.onMethod("odd.status", call -> new FakeXapi.Envelope(Map.of("Status", "Maybe")));
            xapi.onMethod("empty.failure", call -> new FakeXapi.Envelope(
                    Map.of("Status", "Failure", "ErrorDescription", List.of())));
            xapi.onMethod("truncated", call -> new FakeXapi.RawBody(200,
                    "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct><member>"));
            xapi.onMethod("http.error", call -> new FakeXapi.RawBody(500, "internal"));

            for (String method : List.of("no.status", "not.a.struct", "odd.status", "empty.failure", "truncated",
                    "http.error")) {
                assertThatThrownBy(() -> session.call(method))
                        .as(method)
                        .isExactlyInstanceOf(XapiTransportException.class)
                        .hasMessageContaining(method);
            }
        }
    }

    @Test
    void loginAtASlaveFollowsHostIsSlaveToTheMasterOnTheSamePort() {
        try (FakeXapi slave = FakeXapi.start("127.0.0.1", 0);
             FakeXapi master = FakeXapi.start("127.0.0.2", slave.port())) {
            slave.onMethod("session.login_with_password", call -> failure("HOST_IS_SLAVE", "127.0.0.2"));
            master.onMethod("pool.get_all", call -> success(List.of("OpaqueRef:pool-1")));

            try (XapiSession session = XapiSession.login(endpoint(slave.url()), "t")) {
                assertThat(session.masterUrl()).isEqualTo(URI.create("http://127.0.0.2:" + slave.port() + "/"));
                assertThat(session.call("pool.get_all")).isEqualTo(new Object[] {"OpaqueRef:pool-1"});
            }
            assertThat(master.calls("pool.get_all")).hasSize(1);
            assertThat(slave.calls("pool.get_all")).isEmpty();
        }
    }

    @Test
    void callAnsweredWithHostIsSlaveMovesTheSessionToTheNewMasterAndRetries() {
        try (FakeXapi oldMaster = FakeXapi.start("127.0.0.1", 0);
             FakeXapi newMaster = FakeXapi.start("127.0.0.2", oldMaster.port())) {
            oldMaster.onMethod("host.get_all", call -> failure("HOST_IS_SLAVE", "127.0.0.2"));
            newMaster.onMethod("host.get_all", call -> success(List.of("OpaqueRef:h1")));

            try (XapiSession session = XapiSession.login(endpoint(oldMaster.url()), "t")) {
                long before = session.generation();
                assertThat(session.call("host.get_all")).isEqualTo(new Object[] {"OpaqueRef:h1"});
                assertThat(session.masterUrl().getHost()).isEqualTo("127.0.0.2");
                assertThat(session.generation()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void sessionInvalidLogsInAgainOnceAndRetriesTheCall() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            String first = session.sessionRef();
            xapi.onMethod("host.get_all", call -> first.equals(call.param(0))
                    ? failure("SESSION_INVALID", first) : success(List.of("OpaqueRef:h1")));

            assertThat(session.call("host.get_all")).isEqualTo(new Object[] {"OpaqueRef:h1"});
            assertThat(session.sessionRef()).isNotEqualTo(first);
            assertThat(xapi.logins()).isEqualTo(2);
            assertThat(xapi.calls("host.get_all")).extracting(c -> c.param(0))
                    .containsExactly(first, session.sessionRef());
        }
    }

    @Test
    void sessionInvalidTwiceInARowReachesTheCaller() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            xapi.onMethod("host.get_all", call -> failure("SESSION_INVALID", String.valueOf(call.param(0))));

            assertThatThrownBy(() -> session.call("host.get_all"))
                    .isInstanceOfSatisfying(XapiFailure.class, f -> assertThat(f.code()).isEqualTo("SESSION_INVALID"))
                    .hasMessageNotContaining("OpaqueRef:session");
            assertThat(xapi.logins()).isEqualTo(2);
        }
    }

    @Test
    void concurrentCallsHittingAnExpiredSessionShareOneReLogin() throws Exception {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            String first = session.sessionRef();
            xapi.onMethod("host.get_all", call -> first.equals(call.param(0))
                    ? failure("SESSION_INVALID", first) : success(List.of("OpaqueRef:h1")));
            AtomicInteger ok = new AtomicInteger();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Object>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(pool.submit((Callable<Object>) () -> session.call("host.get_all")));
                }
                for (Future<Object> f : results) {
                    assertThat(f.get()).isEqualTo(new Object[] {"OpaqueRef:h1"});
                    ok.incrementAndGet();
                }
            }
            assertThat(ok).hasValue(16);
            assertThat(xapi.logins()).isEqualTo(2);
        }
    }

    @Test
    void closeLogsOutAndSwallowsLogoutErrors() {
        try (FakeXapi xapi = FakeXapi.start()) {
            XapiSession session = XapiSession.login(endpoint(xapi.url()), "t");
            String ref = session.sessionRef();
            xapi.onMethod("session.logout", call -> failure("SESSION_INVALID", ref));

            session.close();

            assertThat(xapi.calls("session.logout")).extracting(c -> c.param(0)).containsExactly(ref);
            assertThatThrownBy(() -> session.call("host.get_all")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void unreachableHostIsATransportError() {
        int closedPort;
        try (FakeXapi xapi = FakeXapi.start()) {
            closedPort = xapi.port();
        }
        assertThatThrownBy(() -> XapiSession.login(endpoint(URI.create("http://127.0.0.1:" + closedPort + "/")), "t"))
                .isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("session.login_with_password");
    }

    @Test
    void perCallReplyTimeoutAppliesToSlowCalls() {
        try (FakeXapi xapi = FakeXapi.start();
             XapiSession session = XapiSession.login(endpoint(xapi.url()), "t")) {
            var release = new java.util.concurrent.CountDownLatch(1);
            xapi.onMethod("event.from", call -> {
                try {
                    release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return success(Map.of());
            });
            try {
                assertThatThrownBy(() -> session.callWithReplyTimeout(Duration.ofMillis(200), "event.from"))
                        .isInstanceOf(XapiTransportException.class);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void afterTheMasterDiesReconnectFindsTheNewMasterThroughAnySurvivingHost() {
        FakeXapi oldMaster = FakeXapi.start("127.0.0.1", 0);
        int port = oldMaster.port();
        try (FakeXapi newMaster = FakeXapi.start("127.0.0.2", port);
             FakeXapi slave = FakeXapi.start("127.0.0.3", port)) {
            slave.onMethod("session.login_with_password", call -> failure("HOST_IS_SLAVE", "127.0.0.2"));
            newMaster.onMethod("host.get_all", call -> success(List.of("OpaqueRef:h2")));
            XapiSession session = XapiSession.login(endpoint(oldMaster.url()), "t");
            oldMaster.close();
            assertThatThrownBy(() -> session.call("host.get_all")).isInstanceOf(XapiTransportException.class);

            session.reconnect(List.of("not an address", "127.0.0.3"));

            assertThat(session.masterUrl().getHost()).isEqualTo("127.0.0.2");
            assertThat(session.generation()).isEqualTo(2);
            assertThat(session.call("host.get_all")).isEqualTo(new Object[] {"OpaqueRef:h2"});
            session.close();
        }
    }

    @Test
    void reconnectWithNoLivingHostSaysWhatItTried() {
        FakeXapi master = FakeXapi.start();
        XapiSession session = XapiSession.login(endpoint(master.url()), "t");
        master.close();
        try {
            assertThatThrownBy(() -> session.reconnect(List.of("127.0.0.4")))
                    .isInstanceOf(XapiTransportException.class)
                    .hasMessageContaining("no pool master found")
                    .hasMessageContaining("127.0.0.4");
        } finally {
            session.close();
        }
    }

    @Test
    void hostIsSlaveWithoutAnAddressIsATransportError() {
        try (FakeXapi xapi = FakeXapi.start()) {
            xapi.onMethod("session.login_with_password", call -> failure("HOST_IS_SLAVE", ""));
            assertThatThrownBy(() -> XapiSession.login(endpoint(xapi.url()), "t"))
                    .isInstanceOf(XapiTransportException.class).hasMessageContaining("no usable master address");
        }
    }
}
