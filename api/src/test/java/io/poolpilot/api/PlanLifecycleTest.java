package io.poolpilot.api;

import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PlanLifecycleTest {
    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String propose() {
        var response = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR,
                "{\"mode\":\"evacuate\",\"hostId\":\"10000000-0000-0000-0000-000000000002\",\"budgets\":{\"maxMigrations\":5},\"reason\":\"host-a2 firmware\"}");
        assertThat(response.status()).isEqualTo(202);
        String id = response.json().path("id").asText();
        assertThat(response.header("Location")).isEqualTo("/v1/plans/" + id);
        return id;
    }

    private TestApi.Response approve(String id, String... headers) {
        return api.send("POST", "/v1/plans/" + id + "/approve", TestApi.OPERATOR, "{\"reason\":\"looks right\"}", headers);
    }

    @Test
    void proposeReturns202WithLocationAndThePlanCarriesItsVersionAsETag() {
        String id = propose();
        var plan = api.get("/v1/plans/" + id, TestApi.VIEWER);
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.header("ETag")).isEqualTo("\"1\"");
        assertThat(plan.json().path("state").asText()).isEqualTo("proposed");
        assertThat(plan.json().path("mode").asText()).isEqualTo("evacuate");
        assertThat(plan.json().path("budgets").path("maxMigrations").asInt()).isEqualTo(5);
        assertThat(plan.json().path("budgets").path("maxGiB").asDouble()).isEqualTo(256.0);
        assertThat(plan.json().path("createdBy").asText()).isEqualTo("otto-operator");
    }

    @Test
    void approveWithoutIfMatchIs428() {
        String id = propose();
        var response = approve(id);
        assertThat(response.status()).isEqualTo(428);
        assertThat(response.problemType()).isEqualTo("precondition-required");
        assertThat(api.plans.plan(id).result().orElseThrow().state()).isEqualTo(PlanState.PROPOSED);
    }

    @Test
    void approveWithStaleIfMatchIs412AndSaysTheCurrentVersion() {
        String id = propose();
        var response = approve(id, "If-Match", "\"7\"");
        assertThat(response.status()).isEqualTo(412);
        assertThat(response.problemType()).isEqualTo("version-mismatch");
        assertThat(response.json().path("currentVersion").asLong()).isEqualTo(1);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(api.plans.plan(id).result().orElseThrow().state()).isEqualTo(PlanState.PROPOSED);
    }

    @Test
    void approveOfADriftedPoolIs409ListingWhatChanged() {
        String id = propose();
        api.plans.drift(id, List.of("vm 20000000-0000-0000-0000-000000000003 moved to host-a1", "host-a1 disabled"));
        var response = approve(id, "If-Match", "\"1\"");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.problemType()).isEqualTo("pool-drifted");
        assertThat(response.json().path("changes")).hasSize(2);
        assertThat(response.json().path("changes").get(1).asText()).isEqualTo("host-a1 disabled");
        assertThat(api.audit.all()).extracting(AuditEntry::action).containsExactly("plan.propose");
    }

    @Test
    void approveWithCurrentVersionMovesThePlanAndAuditsWhoWhatWhyWhen() {
        String id = propose();
        var response = approve(id, "If-Match", "\"1\"");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("state").asText()).isEqualTo("approved");
        assertThat(response.header("ETag")).isEqualTo("\"2\"");

        AuditEntry last = api.audit.all().get(api.audit.all().size() - 1);
        assertThat(last.actor()).isEqualTo("otto-operator");
        assertThat(last.action()).isEqualTo("plan.approve");
        assertThat(last.target()).isEqualTo("plan/" + id);
        assertThat(last.reason()).isEqualTo("looks right");
        assertThat(last.at()).isEqualTo(TestApi.CLOCK.instant());
        assertThat(last.detail()).containsEntry("state", "approved").containsEntry("poolId", "pool-a");
    }

    @Test
    void illegalTransitionIs409NamingTheAllowedStates() {
        String id = propose();
        assertThat(approve(id, "If-Match", "\"1\"").status()).isEqualTo(200);
        var reject = api.send("POST", "/v1/plans/" + id + "/reject", TestApi.OPERATOR, "{\"reason\":\"changed my mind\"}");
        assertThat(reject.status()).isEqualTo(409);
        assertThat(reject.problemType()).isEqualTo("illegal-transition");
        assertThat(reject.json().path("state").asText()).isEqualTo("approved");
        assertThat(reject.json().path("allowed").toString()).isEqualTo("[\"cancelled\",\"executing\",\"expired\"]");
    }

    @Test
    void cancelNeedsAReasonAndAFinalPlanCannotBeCancelledAgain() {
        String id = propose();
        approve(id, "If-Match", "\"1\"");
        var cancel = api.send("POST", "/v1/plans/" + id + "/cancel", TestApi.OPERATOR, "{\"reason\":\"maintenance window moved\"}",
                "If-Match", "\"2\"");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("state").asText()).isEqualTo("cancelled");
        assertThat(cancel.json().path("stateReason").asText()).isEqualTo("maintenance window moved");

        var again = api.send("POST", "/v1/plans/" + id + "/cancel", TestApi.OPERATOR, "{\"reason\":\"again\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("cancelled is final");
    }

    @Test
    void rejectOfAProposedPlanIsAudited() {
        String id = propose();
        var reject = api.send("POST", "/v1/plans/" + id + "/reject", TestApi.OPERATOR, "{\"reason\":\"too many moves\"}");
        assertThat(reject.status()).isEqualTo(200);
        assertThat(api.audit.all()).extracting(AuditEntry::action, AuditEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plan.propose", "host-a2 firmware"),
                        org.assertj.core.groups.Tuple.tuple("plan.reject", "too many moves"));
    }

    @Test
    void unknownPlanOrPoolIs404() {
        assertThat(api.get("/v1/plans/30000000-0000-0000-0000-0000000000ff", TestApi.VIEWER).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/plans/30000000-0000-0000-0000-0000000000ff/approve", TestApi.OPERATOR, null,
                "If-Match", "\"1\"").status()).isEqualTo(404);
        var unknownPool = api.send("POST", "/v1/pools/pool-z/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}");
        assertThat(unknownPool.status()).isEqualTo(404);
        assertThat(unknownPool.json().path("detail").asText()).contains("pool-z");
        assertThat(api.get("/v1/pools/pool-z/plans", TestApi.VIEWER).status()).isEqualTo(404);
    }

    @Test
    void auditListingShowsActorsButNeverTokens() {
        String id = propose();
        approve(id, "If-Match", "\"1\"");
        var audit = api.get("/v1/audit", TestApi.ADMIN);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().path("items")).hasSize(2);
        assertThat(audit.json().path("items").get(1).path("actor").asText()).isEqualTo("otto-operator");
        assertThat(audit.body()).doesNotContain(TestApi.OPERATOR).doesNotContain("token-0123");
    }

    @Test
    void aFailedAuditWriteDoesNotTurnADoneChangeIntoAnError() {
        String id = propose();
        api.audit.failWrites();
        var response = approve(id, "If-Match", "\"1\"");
        assertThat(response.status()).isEqualTo(200);
        assertThat(api.plans.plan(id).result().orElseThrow().state()).isEqualTo(PlanState.APPROVED);
    }

    @Test
    void planStatesAllowOnlyTheDocumentedTransitions() {
        assertThat(PlanState.PROPOSED.next()).containsExactlyInAnyOrder(PlanState.APPROVED, PlanState.REJECTED, PlanState.EXPIRED);
        assertThat(PlanState.APPROVED.next()).containsExactlyInAnyOrder(PlanState.EXECUTING, PlanState.CANCELLED, PlanState.EXPIRED);
        assertThat(PlanState.EXECUTING.next()).containsExactlyInAnyOrder(PlanState.SUCCEEDED, PlanState.FAILED, PlanState.CANCELLED);
        for (PlanState s : List.of(PlanState.SUCCEEDED, PlanState.FAILED, PlanState.CANCELLED, PlanState.REJECTED, PlanState.EXPIRED)) {
            assertThat(s.terminal()).as(s.wire()).isTrue();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanState.EXECUTING.moveTo(PlanState.APPROVED))
                .hasMessageContaining("executing plan cannot become approved");
    }
}
