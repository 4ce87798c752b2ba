package io.poolpilot.xapi.metrics;

import io.poolpilot.xapi.XapiHttpStatusException;
import io.poolpilot.xapi.fake.FakeXapi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RrdUpdatesFetcherTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = RrdUpdatesFetcherTest.class.getResourceAsStream("/rrd/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fetchAsksTheHostForItsUpdatesSinceStartAndStreamsThePoints() throws IOException {
        String body = fixture("host-with-two-vms.xml");
        AtomicReference<URI> asked = new AtomicReference<>();
        try (FakeXapi host = FakeXapi.start("127.0.0.2", 0);
             HttpClient http = HttpClient.newHttpClient()) {
            host.onGet("/rrd_updates", uri -> {
                asked.set(uri);
                return new FakeXapi.RawBody(200, body);
            });
            List<DataPoint> points = new ArrayList<>();

            RrdParseResult result = new RrdUpdatesFetcher(http, Duration.ofSeconds(5))
                    .fetch(host.url(), "OpaqueRef:sess/1", 1764063300L, points::add);

            assertThat(result.points()).isEqualTo(11);
            assertThat(points).hasSize(11);
            assertThat(asked.get().getQuery()).isEqualTo(
                    "session_id=OpaqueRef:sess/1&start=1764063300&cf=AVERAGE&interval=5&host=true");
        }
    }

    @Test
    void jsonFormIsRequestedWithJsonTrue() throws IOException {
        String body = fixture("host-with-two-vms.json");
        AtomicReference<URI> asked = new AtomicReference<>();
        try (FakeXapi host = FakeXapi.start();
             HttpClient http = HttpClient.newHttpClient()) {
            host.onGet("/rrd_updates", uri -> {
                asked.set(uri);
                return new FakeXapi.RawBody(200, body);
            });

            RrdParseResult result = new RrdUpdatesFetcher(http, Duration.ofSeconds(5)).fetch(host.url(), "OpaqueRef:s",
                    0L, 60, RrdUpdatesFetcher.Format.JSON, p -> { });

            assertThat(result.points()).isEqualTo(11);
            assertThat(asked.get().getQuery()).endsWith("interval=60&host=true&json=true");
        }
    }

    @Test
    void unauthorisedAnswerIsTypedAndNeverLeaksTheSessionRef() {
        try (FakeXapi host = FakeXapi.start();
             HttpClient http = HttpClient.newHttpClient()) {
            host.onGet("/rrd_updates", uri -> new FakeXapi.RawBody(401, "Unauthorised"));

            assertThatThrownBy(() -> new RrdUpdatesFetcher(http, Duration.ofSeconds(5))
                    .fetch(host.url(), "OpaqueRef:secret-session", 0L, p -> { }))
                    .isInstanceOfSatisfying(XapiHttpStatusException.class,
                            e -> assertThat(e.isUnauthorised()).isTrue())
                    .hasMessageContaining("401")
                    .hasMessageNotContaining("secret-session");
        }
    }

    @Test
    void fetchHostReachesThePoolMemberOnTheEndpointsPortWithTheSessionRef() throws IOException {
        String body = fixture("host-with-two-vms.xml");
        AtomicReference<URI> asked = new AtomicReference<>();
        try (io.poolpilot.xapi.fake.FakeXapi master = FakeXapi.start("127.0.0.1", 0);
             FakeXapi member = FakeXapi.start("127.0.0.2", master.port());
             io.poolpilot.xapi.XapiSession session = io.poolpilot.xapi.XapiSession.login(
                     io.poolpilot.xapi.XapiEndpoint.of(master.url(), "root", "pw"), "t")) {
            member.onGet("/rrd_updates", uri -> {
                asked.set(uri);
                return new FakeXapi.RawBody(200, body);
            });

            RrdParseResult result = RrdUpdatesFetcher.forSession(session).fetchHost(session, "127.0.0.2", 1L, p -> { });

            assertThat(result.points()).isEqualTo(11);
            assertThat(asked.get().getQuery()).startsWith("session_id=" + session.sessionRef() + "&start=1&");
        }
    }
}
