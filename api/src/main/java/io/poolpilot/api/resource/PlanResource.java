package io.poolpilot.api.resource;

import io.poolpilot.api.http.ApiException;
import io.poolpilot.api.http.ETags;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Problem;
import io.poolpilot.api.http.ProblemType;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.port.PlanPort;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Proposing plans and moving them through their life cycle; every change is audited. */
public final class PlanResource {
    static final int MAX_REASON_LENGTH = 500;

    private final PlanPort plans;
    private final Auditor auditor;

    public PlanResource(PlanPort plans, Auditor auditor) {
        this.plans = plans;
        this.auditor = auditor;
    }

    public Future<Reply> propose(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        ex.allowQuery();
        PlanRequest request = planRequest(ex);
        return plans.propose(poolId, request, ex.actor())
                .compose(plan -> auditor.record(ex, "plan.propose", "plan/" + plan.id(), request.reason(),
                                detail(plan, "mode", request.mode().wire()))
                        .map(v -> Reply.json(202, plan)
                                .withHeader("Location", "/v1/plans/" + plan.id())
                                .withHeader("ETag", ETags.of(plan.version()))));
    }

    static PlanRequest planRequest(Exchange ex) {
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("mode", "hostId", "budgets", "reason");
        PlanMode mode = body.enumValue("mode", PlanMode.class, true);
        String hostId = body.text("hostId", 64, false);
        if (mode == PlanMode.EVACUATE && hostId == null) {
            body.reject("hostId", "is required when mode is evacuate (the uuid of the host to empty)");
        } else if (mode != null && mode != PlanMode.EVACUATE && hostId != null) {
            body.reject("hostId", "is only for mode evacuate, not " + mode.wire());
        } else if (hostId != null && !Ids.isUuid(hostId)) {
            body.reject("hostId", "must be a lower-case host UUID, got '" + hostId + "'");
        }
        PlanBudgets defaults = PlanBudgets.DEFAULTS;
        Integer maxMigrations = defaults.maxMigrations();
        Double maxGiB = defaults.maxGiB();
        Integer timeLimitSeconds = defaults.timeLimitSeconds();
        JsonBody budgets = body.object("budgets", false);
        if (budgets != null) {
            budgets.allowOnly("maxMigrations", "maxGiB", "timeLimitSeconds");
            maxMigrations = budgets.integer("maxMigrations", 1, PlanBudgets.MAX_MIGRATIONS, defaults.maxMigrations());
            maxGiB = budgets.number("maxGiB", 0, true, PlanBudgets.MAX_GIB, defaults.maxGiB());
            timeLimitSeconds = budgets.integer("timeLimitSeconds", 1, PlanBudgets.MAX_TIME_LIMIT_SECONDS, defaults.timeLimitSeconds());
        }
        String reason = body.text("reason", MAX_REASON_LENGTH, false);
        body.violations().throwIfAny();
        return new PlanRequest(mode, hostId, new PlanBudgets(maxMigrations, maxGiB, timeLimitSeconds), reason);
    }

    public Future<Reply> get(Exchange ex) {
        String planId = ex.uuidParam("planId");
        ex.allowQuery();
        return plans.plan(planId).map(found -> {
            Plan plan = found.orElseThrow(() -> InventoryResource.notFound("plan", planId));
            return Reply.ok(plan).withHeader("ETag", ETags.of(plan.version()));
        });
    }

    public Future<Reply> list(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        String scope = "plans:" + poolId;
        var page = ex.page(scope);
        return plans.plans(poolId, page).map(p -> ex.pageReply(scope, p));
    }

    public Future<Reply> approve(Exchange ex) {
        String planId = ex.uuidParam("planId");
        ex.allowQuery();
        String header = ex.header("If-Match");
        if (header == null || header.strip().equals("*")) {
            throw new ApiException(Problem.of(ProblemType.PRECONDITION_REQUIRED,
                    "approving needs If-Match with the ETag of the plan you reviewed (GET /v1/plans/" + planId + ")"));
        }
        long version = ETags.ifMatch(header).getAsLong();
        String reason = reason(ex, false);
        return plans.approve(planId, version, ex.actor(), reason)
                .compose(plan -> audited(ex, "plan.approve", plan, reason));
    }

    public Future<Reply> reject(Exchange ex) {
        String planId = ex.uuidParam("planId");
        ex.allowQuery();
        OptionalLong version = ETags.ifMatch(ex.header("If-Match"));
        String reason = reason(ex, true);
        return plans.reject(planId, version, ex.actor(), reason).compose(plan -> audited(ex, "plan.reject", plan, reason));
    }

    public Future<Reply> cancel(Exchange ex) {
        String planId = ex.uuidParam("planId");
        ex.allowQuery();
        OptionalLong version = ETags.ifMatch(ex.header("If-Match"));
        String reason = reason(ex, true);
        return plans.cancel(planId, version, ex.actor(), reason).compose(plan -> audited(ex, "plan.cancel", plan, reason));
    }

    private Future<Reply> audited(Exchange ex, String action, Plan plan, String reason) {
        return auditor.record(ex, action, "plan/" + plan.id(), reason, detail(plan, "state", plan.state().wire()))
                .map(v -> Reply.ok(plan).withHeader("ETag", ETags.of(plan.version())));
    }

    private static String reason(Exchange ex, boolean required) {
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("reason");
        String reason = body.text("reason", MAX_REASON_LENGTH, required);
        body.violations().throwIfAny();
        return reason;
    }

    private static Map<String, String> detail(Plan plan, String key, String value) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("poolId", plan.poolId());
        detail.put("version", Long.toString(plan.version()));
        detail.put(key, value);
        return detail;
    }
}
