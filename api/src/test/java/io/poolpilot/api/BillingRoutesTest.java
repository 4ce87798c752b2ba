package io.poolpilot.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.UsageRecord;
import io.poolpilot.api.support.InMemoryAccounts;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The billing routes over real HTTP with in-memory usage and account ports. */
@ExtendWith(VertxExtension.class)
class BillingRoutesTest {
    private static final Instant NOV_3 = Instant.parse("2026-11-03T00:00:00Z");
    private static final String NOVEMBER_BY_DAY = "/v1/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&granularity=day";
    private static final String SUSPEND = "{\"mode\":\"suspend\",\"reason\":\"invoice 42 unpaid\"}";

    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void seedNovember() {
        String vm1 = InMemoryAccounts.vm(0);
        String vm2 = InMemoryAccounts.vm(1);
        api.usage.append(vm1, "acme", NOV_3.plusSeconds(3600), 0, 1000);
        api.usage.append(vm2, "acme", NOV_3.plusSeconds(3600), 0, 500);
        api.usage.append(vm1, "acme", NOV_3.plusSeconds(86_400 + 7200), 0, 250);
        api.usage.append(InMemoryAccounts.vm(3), "globex", NOV_3.plusSeconds(3600), 0, 4000);
        api.usage.append(vm1, "acme", NOV_3.plusSeconds(3600), 1, 10); // late data for a closed hour
    }

    @Test
    void usageIsJsonByDefaultSummedPerAccountAndDay() {
        seedNovember();
        var response = api.get(NOVEMBER_BY_DAY + "&account=acme", TestApi.BILLING);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        JsonNode items = response.json().path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("periodStart").asText()).isEqualTo("2026-11-03T00:00:00Z");
        assertThat(items.get(0).path("granularity").asText()).isEqualTo("day");
        assertThat(items.get(0).path("account").asText()).isEqualTo("acme");
        assertThat(items.get(0).path("vmUuid").isNull()).isTrue();
        assertThat(items.get(0).path("vmHours").asLong()).as("the adjustment is no extra VM-hour").isEqualTo(2);
        assertThat(items.get(0).path("cpuSeconds").asDouble()).isEqualTo(1510.0);
        assertThat(items.get(1).path("periodStart").asText()).isEqualTo("2026-11-04T00:00:00Z");
        assertThat(items.get(1).path("cpuSeconds").asDouble()).isEqualTo(250.0);

        var perVm = api.get(NOVEMBER_BY_DAY.replace("day", "month") + "&vm=" + InMemoryAccounts.vm(0), TestApi.BILLING).json();
        assertThat(perVm.path("items")).hasSize(1);
        assertThat(perVm.path("items").get(0).path("vmUuid").asText()).isEqualTo(InMemoryAccounts.vm(0));
        assertThat(perVm.path("items").get(0).path("cpuSeconds").asDouble()).isEqualTo(1260.0);
    }

    @Test
    void usageIsCsvWhenAcceptPrefersTextCsv() {
        seedNovember();
        for (String accept : List.of("text/csv", "application/json;q=0.5, text/csv", "text/*")) {
            var csv = api.send("GET", NOVEMBER_BY_DAY, TestApi.BILLING, null, "Accept", accept);
            assertThat(csv.status()).as(accept).isEqualTo(200);
            assertThat(csv.contentType()).as(accept).isEqualTo("text/csv");
            String[] lines = csv.body().split("\r\n", -1);
            assertThat(lines[0]).startsWith("period_start,granularity,account,vm_uuid,vm_hours,coverage,");
            assertThat(lines).as("header, 3 rows (acme x 2 days, globex), final CRLF").hasSize(5);
            assertThat(lines[1]).startsWith("2026-11-03T00:00:00Z,day,acme,,2,1.000000,");
            assertThat(lines[4]).isEmpty();
        }
        for (String accept : List.of("*/*", "application/json", "text/csv;q=0.4, application/*;q=0.5", "text/csv;q=0.5, */*;q=0.5")) {
            var json = api.send("GET", NOVEMBER_BY_DAY, TestApi.BILLING, null, "Accept", accept);
            assertThat(json.contentType()).as(accept).isEqualTo("application/json");
        }
    }

    @Test
    void csvQuotesSeparatorsAndDefusesFormulas() {
        api.usage.append(InMemoryAccounts.vm(5), "=HYPERLINK(\"x\")", NOV_3, 0, 1);
        api.usage.append(InMemoryAccounts.vm(6), "a,b", NOV_3.plusSeconds(3600), 0, 1);
        String body = api.send("GET", NOVEMBER_BY_DAY.replace("day", "hour"), TestApi.BILLING, null, "Accept", "text/csv").body();
        assertThat(body).contains(",\"'=HYPERLINK(\"\"x\"\")\",").contains(",\"a,b\",");
    }

    @Test
    void followingNextFromAnyCursorYieldsEveryLaterRecordOnceInOrder() {
        Random random = new Random(42);
        for (int i = 0; i < 23; i++) {
            api.usage.append(InMemoryAccounts.vm(random.nextInt(4)), random.nextBoolean() ? "acme" : "globex",
                    NOV_3.plus(Duration.ofHours(i)), 0, random.nextInt(3600));
        }
        List<UsageRecord> all = api.usage.all();
        List<String> starts = new ArrayList<>();
        starts.add(null);
        for (int i = 0; i < 3; i++) {
            // Cursors a client really holds: the next of a first page of random size.
            int size = 1 + random.nextInt(all.size());
            starts.add(api.get("/v1/usage/feed?limit=" + size, TestApi.BILLING).json().path("next").asText());
        }
        starts.add(api.get("/v1/usage/feed?limit=10000", TestApi.BILLING).json().path("next").asText());
        for (String start : starts) {
            for (int limit : new int[] {1, 2, 5, 10000}) {
                List<String> seen = new ArrayList<>();
                String cursor = start;
                long lastSequence = 0;
                while (true) {
                    var page = api.get("/v1/usage/feed?limit=" + limit + (cursor == null ? "" : "&after=" + cursor), TestApi.BILLING);
                    assertThat(page.status()).isEqualTo(200);
                    JsonNode json = page.json();
                    for (JsonNode item : json.path("items")) {
                        assertThat(item.path("sequence").asLong()).isGreaterThan(lastSequence);
                        lastSequence = item.path("sequence").asLong();
                        seen.add(item.path("recordId").asText());
                    }
                    assertThat(json.path("items").size()).isLessThanOrEqualTo(limit);
                    String next = json.path("next").asText();
                    if (json.path("items").isEmpty()) {
                        assertThat(next).as("an empty page keeps the cursor").isEqualTo(cursor == null ? "0" : cursor);
                    }
                    cursor = next;
                    if (!json.path("more").asBoolean()) {
                        break;
                    }
                }
                int from = start == null ? 0 : Integer.parseInt(start);
                List<String> expected = all.subList(from, all.size()).stream().map(UsageRecord::recordId).toList();
                assertThat(seen).as("from " + start + " by " + limit).containsExactlyElementsOf(expected);
                // The last cursor picks up exactly what is appended later.
                assertThat(api.get("/v1/usage/feed?after=" + cursor, TestApi.BILLING).json().path("items")).isEmpty();
            }
        }
        UsageRecord late = api.usage.append(InMemoryAccounts.vm(0), "acme", NOV_3, 1, 5);
        String end = api.get("/v1/usage/feed?limit=10000", TestApi.BILLING).json().path("items").get(all.size() - 1)
                .path("sequence").asText();
        JsonNode tail = api.get("/v1/usage/feed?after=" + end, TestApi.BILLING).json();
        assertThat(tail.path("items")).hasSize(1);
        assertThat(tail.path("items").get(0).path("recordId").asText()).isEqualTo(late.recordId());
        assertThat(tail.path("items").get(0).path("kind").asText()).isEqualTo("adjustment");
    }

    @Test
    void feedRecordIdsAreStableAcrossReads() {
        seedNovember();
        String first = api.get("/v1/usage/feed", TestApi.BILLING).body();
        String second = api.get("/v1/usage/feed", TestApi.BILLING).body();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void suspendAnswers202WithTheOperationToPollAndAnAuditEntry() {
        var response = api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, SUSPEND);
        assertThat(response.status()).isEqualTo(202);
        JsonNode op = response.json();
        String id = op.path("id").asText();
        assertThat(response.header("Location")).isEqualTo("/v1/accounts/operations/" + id);
        assertThat(op.path("account").asText()).isEqualTo("acme");
        assertThat(op.path("action").asText()).isEqualTo("suspend");
        assertThat(op.path("mode").asText()).isEqualTo("suspend");
        assertThat(op.path("actor").asText()).isEqualTo("bill-billing");
        assertThat(op.path("steps").findValuesAsText("outcome")).containsExactly("stopped", "stopped", "left_alone");
        assertThat(api.accounts.vmState(InMemoryAccounts.vm(0)).powerState()).isEqualTo("suspended");
        assertThat(api.accounts.vmState(InMemoryAccounts.vm(3)).powerState()).as("other account untouched").isEqualTo("running");

        var polled = api.get(response.header("Location"), TestApi.BILLING);
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.json().path("id").asText()).isEqualTo(id);
        assertThat(polled.json().path("state").asText()).isEqualTo("succeeded");

        AuditEntry entry = api.audit.all().getLast();
        assertThat(entry.action()).isEqualTo("account.suspend");
        assertThat(entry.actor()).isEqualTo("bill-billing");
        assertThat(entry.target()).isEqualTo("account/acme");
        assertThat(entry.reason()).isEqualTo("invoice 42 unpaid");
        assertThat(entry.detail()).containsEntry("operationId", id).containsEntry("mode", "suspend").containsEntry("vms", "3");
        assertThat(api.get("/v1/audit", TestApi.ADMIN).json().path("items").findValuesAsText("action")).contains("account.suspend");
    }

    @Test
    void repeatedSuspendAndResumeTouchNoVmTwiceAndAreEachAudited() {
        assertThat(api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, SUSPEND).status()).isEqualTo(202);
        var again = api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, SUSPEND);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("steps").findValuesAsText("outcome")).containsExactly("already_done", "already_done", "left_alone");
        assertThat(api.accounts.powerChanges()).isEqualTo(2);

        var resumed = api.send("POST", "/v1/accounts/acme/resume", TestApi.ADMIN, "{\"reason\":\"paid\"}");
        assertThat(resumed.status()).isEqualTo(202);
        assertThat(resumed.header("Location")).isEqualTo("/v1/accounts/operations/" + resumed.json().path("id").asText());
        assertThat(resumed.json().path("action").asText()).isEqualTo("resume");
        assertThat(resumed.json().has("mode")).isFalse();
        assertThat(resumed.json().path("steps").findValuesAsText("outcome")).containsExactly("started", "started", "left_alone");
        assertThat(api.accounts.vmState(InMemoryAccounts.vm(2)).powerState()).as("halted before: stays halted").isEqualTo("halted");
        var resumedAgain = api.send("POST", "/v1/accounts/acme/resume", TestApi.BILLING, "{\"reason\":\"paid\"}");
        assertThat(resumedAgain.status()).isEqualTo(202);
        assertThat(resumedAgain.json().path("steps").findValuesAsText("outcome")).containsOnly("left_alone");
        assertThat(api.accounts.powerChanges()).isEqualTo(4);

        assertThat(api.audit.all()).extracting(AuditEntry::action)
                .containsExactly("account.suspend", "account.suspend", "account.resume", "account.resume");
        assertThat(api.audit.all().get(2).actor()).isEqualTo("ada-admin");
        assertThat(api.audit.all().get(2).reason()).isEqualTo("paid");
    }

    @Test
    void unknownOperationIs404() {
        var response = api.get("/v1/accounts/operations/30000000-0000-0000-0000-000000000009", TestApi.BILLING);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("not-found");
    }

    @Test
    void withoutUsageMeteringEveryBillingRouteAnswers503(Vertx vertx) {
        api.close();
        api = new TestApi(vertx, Duration.ofSeconds(15), ports -> new ApiPorts(ports.tokens(), ports.inventory(),
                ports.metrics(), ports.plans(), ports.policies(), ports.alerts(), ports.audit(), ports.events(), ports.readiness()));
        List<TestApi.Response> responses = List.of(
                api.get("/v1/usage?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z", TestApi.BILLING),
                api.get("/v1/usage/feed", TestApi.BILLING),
                api.get("/v1/accounts/operations/30000000-0000-0000-0000-000000000009", TestApi.BILLING),
                api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, SUSPEND),
                api.send("POST", "/v1/accounts/acme/resume", TestApi.BILLING, "{\"reason\":\"paid\"}"));
        for (TestApi.Response response : responses) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.problemType()).isEqualTo("unavailable");
            assertThat(response.json().path("detail").asText()).isEqualTo("usage metering not configured");
            assertThat(response.header("Retry-After")).isNotNull();
        }
        assertThat(api.audit.all()).isEmpty();
    }
}
