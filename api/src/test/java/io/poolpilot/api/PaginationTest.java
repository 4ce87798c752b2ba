package io.poolpilot.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.api.http.CursorCodec;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class PaginationTest {
    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Every item from {@code cursor} on, following next links; also returns the cursors met on the way. */
    private List<String> walk(String base, int limit, String cursor, List<String> cursors) {
        List<String> uuids = new ArrayList<>();
        for (int pages = 0; pages < 100; pages++) {
            String url = base + "?limit=" + limit + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            var response = api.get(url, TestApi.VIEWER);
            assertThat(response.status()).as(url).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.has("next")).isTrue();
            body.path("items").forEach(i -> uuids.add(i.path("uuid").asText()));
            if (body.path("next").isNull()) {
                return uuids;
            }
            cursor = body.path("next").asText();
            cursors.add(cursor);
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void walkingFromAnyCursorYieldsEveryRemainingItemExactlyOnce() {
        for (int limit : new int[] {1, 5, 7, 23, 500}) {
            List<String> cursors = new ArrayList<>();
            List<String> all = walk("/v1/pools/pool-a/vms", limit, null, cursors);
            assertThat(all).hasSize(23).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).hasSize(23);
            for (int i = 0; i < cursors.size(); i++) {
                List<String> rest = walk("/v1/pools/pool-a/vms", limit, cursors.get(i), new ArrayList<>());
                assertThat(rest).as("limit %d from cursor %d", limit, i).isEqualTo(all.subList((i + 1) * limit, all.size()));
            }
        }
    }

    @Test
    void lastPageHasNullNext() {
        var response = api.get("/v1/pools", TestApi.VIEWER);
        assertThat(response.json().path("items")).hasSize(2);
        assertThat(response.json().path("next").isNull()).isTrue();
    }

    @Test
    void tamperedCursorIsRefused() {
        String next = api.get("/v1/pools/pool-a/vms?limit=5", TestApi.VIEWER).json().path("next").asText();
        String key = next.substring(0, next.indexOf('.'));
        String forgedKey = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("20000000-0000-0000-0000-000000000010".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of(forgedKey + next.substring(next.indexOf('.')), key + ".AAAA", next + "x", "." + next)) {
            var response = api.get("/v1/pools/pool-a/vms?after=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), TestApi.VIEWER);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.problemType()).isEqualTo("invalid-cursor");
        }
    }

    @Test
    void cursorOfOneListIsRefusedByAnother() {
        String vmsCursor = api.get("/v1/pools/pool-a/vms?limit=5", TestApi.VIEWER).json().path("next").asText();
        var hosts = api.get("/v1/pools/pool-a/hosts?after=" + vmsCursor, TestApi.VIEWER);
        assertThat(hosts.status()).isEqualTo(400);
        assertThat(hosts.problemType()).isEqualTo("invalid-cursor");
        var otherPool = api.get("/v1/pools/pool-b/vms?after=" + vmsCursor, TestApi.VIEWER);
        assertThat(otherPool.status()).isEqualTo(400);
    }

    @Test
    void cursorCodecRoundTripsAndRejectsForeignSecrets() {
        CursorCodec one = new CursorCodec("a-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));
        CursorCodec two = new CursorCodec("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
        String cursor = one.encode("vms:pool-a", "key with spaces/ünïcode");
        assertThat(one.decode("vms:pool-a", cursor)).isEqualTo("key with spaces/ünïcode");
        assertThatThrownBy(() -> two.decode("vms:pool-a", cursor)).hasMessageContaining("not a cursor issued by this list");
        assertThatThrownBy(() -> one.decode("vms:pool-b", cursor)).hasMessageContaining("not a cursor issued by this list");
    }
}
