package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Waiting event.from calls hold no thread: many long polls stay open while other calls answer at once. */
@ExtendWith(VertxExtension.class)
class LongPollTest {
    private static final int LONG_POLLS = 40;
    private Simulator sim;
    private String session;

    @BeforeEach
    void start() {
        sim = TestSims.small();
        session = new RawXapi(sim.pool("alpha").masterUrl()).login(TestSims.ALPHA_PASSWORD);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String call(String method, String... params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String p : params) {
            sb.append("<param>").append(p).append("</param>");
        }
        return sb.append("</params></methodCall>").toString();
    }

    private Future<String> post(HttpClient client, String body) {
        var url = sim.pool("alpha").masterUrl();
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
                        .setURI("/"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body())
                .map(Buffer::toString);
    }

    @Test
    void manyWaitingEventFromCallsDoNotDelayOtherCalls(Vertx vertx, VertxTestContext ctx) throws Throwable {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(LONG_POLLS + 4));
        post(client, call("event.from", "<value>" + session + "</value>",
                "<value><array><data><value>vm</value></data></array></value>", "<value></value>",
                "<value><double>1.0</double></value>")).onComplete(ctx.succeeding(first -> {
            String current = first.replaceAll("(?s).*<name>token</name><value>(\\d+)</value>.*", "$1");
            assertThat(current).matches("\\d{20}");
            List<Future<String>> polls = new ArrayList<>();
            for (int i = 0; i < LONG_POLLS; i++) {
                polls.add(post(client, call("event.from", "<value>" + session + "</value>",
                        "<value><array><data><value>vm</value></data></array></value>", "<value>" + current + "</value>",
                        "<value><double>3.0</double></value>")));
            }
            long t0 = System.nanoTime();
            post(client, call("host.get_all", "<value>" + session + "</value>")).onComplete(ctx.succeeding(answer ->
                    ctx.verify(() -> {
                        assertThat(answer).contains("Success");
                        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000);
                        // Every long poll is still waiting, then wakes on the first VM change.
                        assertThat(polls).noneMatch(Future::isComplete);
                        new Thread(() -> new RawXapi(sim.pool("alpha").masterUrl()).call("VM.set_name_description",
                                session, new RawXapi(sim.pool("alpha").masterUrl()).refByName(session, "VM", "idle"), "poke"))
                                .start();
                        Future.all(polls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                            for (Future<String> p : polls) {
                                assertThat(p.result()).contains("poke");
                            }
                            ctx.completeNow();
                        })));
                    })));
        }));
        assertThat(ctx.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
        if (ctx.failed()) {
            throw ctx.causeOfFailure();
        }
    }
}
