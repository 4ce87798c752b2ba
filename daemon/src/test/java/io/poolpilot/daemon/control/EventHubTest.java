package io.poolpilot.daemon.control;

import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.port.EventStream;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubTest {

    private final EventHub hub = new EventHub(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), 3);

    @Test
    void aReconnectingClientGetsWhatFollowedItsLastEventThenLiveOnes() {
        for (int i = 0; i < 3; i++) {
            hub.publish("plan.progress", Map.of("step", i));
        }
        List<ServerEvent> seen = new ArrayList<>();
        EventStream.Subscription sub = hub.subscribe("1", seen::add).result();
        hub.publish("plan.state", Map.of("state", "succeeded"));
        assertThat(sub.resumed()).isTrue();
        assertThat(seen).extracting(ServerEvent::id).containsExactly("2", "3", "4");
        sub.cancel();
        hub.publish("plan.state", Map.of());
        assertThat(seen).as("nothing after cancel").hasSize(3);
    }

    @Test
    void anIdOlderThanTheKeptEventsOrUnknownIsNotResumed() {
        for (int i = 0; i < 5; i++) {
            hub.publish("plan.progress", Map.of("step", i));
        }
        List<ServerEvent> seen = new ArrayList<>();
        assertThat(hub.subscribe("1", seen::add).result().resumed()).isFalse();
        assertThat(hub.subscribe("999", seen::add).result().resumed()).isFalse();
        assertThat(hub.subscribe("not-a-number", seen::add).result().resumed()).isFalse();
        assertThat(seen).isEmpty();
    }
}
