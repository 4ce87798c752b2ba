package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** event.from semantics over the wire: initial adds, tokens, waiting, timeouts, filters, EVENTS_LOST. */
class EventFromTest {
    private Simulator sim;
    private RawXapi xapi;
    private String session;

    @BeforeEach
    void start() {
        sim = TestSims.small(TestSims.options().withEventLogCapacity(16));
        xapi = new RawXapi(sim.pool("alpha").masterUrl());
        session = xapi.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> from(RawXapi client, List<String> classes, String token, double timeout) {
        return (Map<String, Object>) client.call("event.from", session, classes.toArray(), token, timeout);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Map<String, Object> answer) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : (Object[]) answer.get("events")) {
            out.add((Map<String, Object>) e);
        }
        return out;
    }

    @Test
    void firstCallReturnsEveryObjectAsAddWithAToken() {
        Map<String, Object> answer = from(xapi, List.of("vm", "host"), "", 1.0);
        List<Map<String, Object>> events = events(answer);
        assertThat(events).allSatisfy(e -> assertThat(e).containsEntry("operation", "add").containsKey("snapshot"));
        assertThat(events.stream().filter(e -> e.get("class").equals("host"))).hasSize(3);
        // 6 guests and 3 control domains in pool alpha.
        assertThat(events.stream().filter(e -> e.get("class").equals("vm"))).hasSize(9);
        assertThat((String) answer.get("token")).matches("\\d{20}");
        assertThat((Map<String, Object>) answer.get("valid_ref_counts")).containsEntry("vm", 9).containsEntry("host", 3); // <i4>
    }

    @Test
    void changeAfterTheTokenArrivesAsModWithItsSnapshot() {
        String token = (String) from(xapi, List.of("vm"), "", 1.0).get("token");
        String vm = xapi.refByName(session, "VM", "idle");
        xapi.call("VM.add_to_other_config", session, vm, "k", "v");
        Map<String, Object> answer = from(xapi, List.of("vm"), token, 5.0);
        List<Map<String, Object>> events = events(answer);
        assertThat(events).hasSize(1);
        Map<String, Object> e = events.getFirst();
        assertThat(e).containsEntry("class", "vm").containsEntry("operation", "mod").containsEntry("ref", vm);
        assertThat((String) e.get("id")).matches("\\d+");
        assertThat((String) e.get("timestamp")).matches("\\d+\\.\\d{3}");
        assertThat((Map<String, Object>) ((Map<String, Object>) e.get("snapshot")).get("other_config")).containsEntry("k", "v");
        assertThat((String) answer.get("token")).isGreaterThan(token);
    }

    @Test
    void timeoutWithoutEventsAnswersEmptyWithTheSameToken() {
        String token = (String) from(xapi, List.of("vm"), "", 1.0).get("token");
        long started = System.nanoTime();
        Map<String, Object> answer = from(xapi, List.of("vm"), token, 0.3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(events(answer)).isEmpty();
        assertThat(answer.get("token")).isEqualTo(token);
    }

    @Test
    void waitingCallReturnsAsSoonAsAnEventArrives() throws Exception {
        String token = (String) from(xapi, List.of("host"), "", 1.0).get("token");
        RawXapi waiter = new RawXapi(sim.pool("alpha").masterUrl(), 60_000);
        long started = System.nanoTime();
        CompletableFuture<Map<String, Object>> pending = CompletableFuture.supplyAsync(
                () -> from(waiter, List.of("host"), token, 30.0));
        String h3 = xapi.refByName(session, "host", "h-03");
        xapi.call("host.disable", session, h3);
        Map<String, Object> answer = pending.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(events(answer)).extracting(e -> e.get("ref")).contains(h3);
    }

    @Test
    void noEventIsLostAcrossTimeoutsAndTokensOnlyGrow() throws Exception {
        String vm = xapi.refByName(session, "VM", "idle");
        String token = (String) from(xapi, List.of("vm"), "", 1.0).get("token");
        int changes = 12;
        RawXapi writer = new RawXapi(sim.pool("alpha").masterUrl());
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < changes; i++) {
                writer.call("VM.set_name_description", session, vm, "change-" + i);
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(15 + (i * 7) % 30).toNanos());
            }
        });
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < changes && System.nanoTime() < deadline) {
            Map<String, Object> answer = from(xapi, List.of("vm"), token, 0.02);
            String next = (String) answer.get("token");
            assertThat(next).isGreaterThanOrEqualTo(token);
            token = next;
            for (Map<String, Object> e : events(answer)) {
                seen.add((String) ((Map<String, Object>) e.get("snapshot")).get("name_description"));
            }
        }
        writes.get(10, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            expected.add("change-" + i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void classFilterReturnsOnlyTheRequestedClasses() {
        String token = (String) from(xapi, List.of("*"), "", 1.0).get("token");
        xapi.call("host.disable", session, xapi.refByName(session, "host", "h-03"));
        xapi.call("VM.set_name_description", session, xapi.refByName(session, "VM", "idle"), "x");
        List<Map<String, Object>> vmOnly = events(from(xapi, List.of("VM"), token, 1.0));
        assertThat(vmOnly).extracting(e -> e.get("class")).containsOnly("vm");
        List<Map<String, Object>> all = events(from(xapi, List.of("*"), token, 1.0));
        assertThat(all).extracting(e -> e.get("class")).contains("vm", "host");
    }

    @Test
    void tokenOlderThanTheLogFailsWithEventsLost() {
        String token = (String) from(xapi, List.of("vm"), "", 1.0).get("token");
        String vm = xapi.refByName(session, "VM", "idle");
        for (int i = 0; i < 40; i++) {
            xapi.call("VM.set_name_description", session, vm, "n" + i);
        }
        assertThat(xapi.error("event.from", session, new Object[] {"vm"}, token, 1.0)).containsExactly("EVENTS_LOST");
    }

    @Test
    void garbageTokenIsRejected() {
        assertThat(xapi.error("event.from", session, new Object[] {"vm"}, "not-a-token", 1.0))
                .first().isEqualTo("EVENT_FROM_TOKEN_PARSE_FAILURE");
    }

    @Test
    void injectAnswersATokenAfterWhichOnlyNewerEventsArrive() {
        String pool = (String) ((Object[]) xapi.call("pool.get_all", session))[0];
        String token = (String) xapi.call("event.inject", session, "pool", pool);
        assertThat(token).matches("\\d{20}");
        assertThat(events(from(xapi, List.of("pool"), "", 1.0))).hasSize(1);

        assertThat(events(from(xapi, List.of("*"), token, 0.2))).as("the injected event itself is not after its token")
                .isEmpty();
        String vm = xapi.refByName(session, "VM", "idle");
        xapi.call("VM.add_to_other_config", session, vm, "k", "v");
        assertThat(events(from(xapi, List.of("VM", "pool"), token, 5.0))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("class", "vm").containsEntry("ref", vm));

        String later = (String) xapi.call("event.inject", session, "VM", vm);
        assertThat(later).isGreaterThan(token);
        assertThat(xapi.error("event.inject", session, "gizmo", vm)).first().isEqualTo("MESSAGE_PARAMETER_INVALID");
    }
}
