package io.poolpilot.api;

import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** SSE over a real socket with Vert.x's own client; events are published from the JUnit thread, not the event loop. */
@ExtendWith(VertxExtension.class)
class EventsTest {
    private TestApi api;
    private HttpClient client;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx, Duration.ofMillis(100));
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        client.close().await(5, TimeUnit.SECONDS);
        api.close();
    }

    private static ServerEvent event(String id, String type) {
        return new ServerEvent(id, type, Instant.parse("2026-11-25T10:00:00Z"), Map.of("planId", "p-1", "step", 2));
    }

    private RequestOptions events(String lastEventId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(api.port())
                .setURI("/v1/events").putHeader("Authorization", "Bearer " + TestApi.VIEWER);
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        return options;
    }

    /** Opens the stream and completes the test once everything received so far satisfies {@code done}. */
    private void stream(VertxTestContext ctx, String lastEventId, Predicate<String> done, Runnable onOpen) {
        Buffer received = Buffer.buffer();
        client.request(events(lastEventId))
                .compose(req -> req.send())
                .onComplete(ctx.succeeding((HttpClientResponse response) -> {
                    ctx.verify(() -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
                    });
                    response.handler(chunk -> {
                        received.appendBuffer(chunk);
                        if (done.test(received.toString())) {
                            ctx.completeNow();
                        }
                    });
                    onOpen.run();
                }));
    }

    @Test
    void deliversAnEventAndHeartbeats(VertxTestContext ctx) throws Exception {
        stream(ctx, null, text -> text.contains("id: e-1\nevent: plan.progress\ndata: {") && text.contains(": heartbeat\n\n"),
                () -> new Thread(() -> api.events.publish(event("e-1", "plan.progress"))).start());
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
        }
    }

    @Test
    void resumesAfterLastEventId(VertxTestContext ctx) throws Exception {
        api.events.publish(event("e-1", "plan.state"));
        api.events.publish(event("e-2", "plan.progress"));
        api.events.publish(event("e-3", "inventory.changed"));
        stream(ctx, "e-1", text -> text.contains("id: e-2\n") && text.contains("id: e-3\nevent: inventory.changed"), () -> {
        });
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
        }
    }

    @Test
    void unknownLastEventIdGetsAResetEvent(VertxTestContext ctx) throws Exception {
        stream(ctx, "long-gone", text -> text.contains("event: stream.reset\ndata: {\"reason\""), () -> {
        });
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
        }
    }

    @Test
    void closingTheStreamCancelsTheSubscription(Vertx vertx, VertxTestContext ctx) throws Exception {
        client.request(events(null)).compose(req -> req.send()).onComplete(ctx.succeeding(response -> {
            ctx.verify(() -> assertThat(api.events.subscribers()).isEqualTo(1));
            response.exceptionHandler(expectedOnClose -> {
            });
            response.request().connection().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            vertx.setPeriodic(20, id -> {
                if (api.events.subscribers() == 0) {
                    vertx.cancelTimer(id);
                    ctx.completeNow();
                } else if (System.nanoTime() > deadline) {
                    vertx.cancelTimer(id);
                    ctx.failNow("subscription still live 5 s after the client left");
                }
            });
        }));
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
        }
    }
}
