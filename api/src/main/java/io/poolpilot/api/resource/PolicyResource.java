package io.poolpilot.api.resource;

import io.poolpilot.api.http.ETags;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.AdvisoryTrigger;
import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PolicyUpdate;
import io.poolpilot.api.model.QuietHours;
import io.poolpilot.api.port.PolicyPort;
import io.vertx.core.Future;

import java.util.Map;
import java.util.OptionalLong;

/** Reading and replacing a pool's policy (manual, advisory, automatic with limits). */
public final class PolicyResource {
    private final PolicyPort policies;
    private final Auditor auditor;

    public PolicyResource(PolicyPort policies, Auditor auditor) {
        this.policies = policies;
        this.auditor = auditor;
    }

    public Future<Reply> get(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        ex.allowQuery();
        return policies.policy(poolId).map(found -> found
                .map(p -> Reply.ok(p).withHeader("ETag", ETags.of(p.version())))
                .orElseThrow(() -> InventoryResource.notFound("pool", poolId)));
    }

    public Future<Reply> replace(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        ex.allowQuery();
        OptionalLong version = ETags.ifMatch(ex.header("If-Match"));
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("mode", "limits", "advisory", "reason");
        PolicyMode mode = body.enumValue("mode", PolicyMode.class, true);
        PolicyLimits limits = limits(body.object("limits", true));
        AdvisoryTrigger advisory = advisory(body.object("advisory", false));
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, false);
        if (mode == PolicyMode.AUTOMATIC && limits != null && limits.migrationsPerHour() == 0) {
            body.reject("limits.migrationsPerHour", "must be at least 1 when mode is automatic (0 never moves anything)");
        }
        if (mode == PolicyMode.ADVISORY && advisory == null && body.violations().isEmpty()) {
            body.reject("advisory", "is required when mode is advisory: {imbalanceThreshold, sustainedSeconds}");
        }
        body.violations().throwIfAny();
        PolicyUpdate update = new PolicyUpdate(mode, limits, advisory);
        return policies.replace(poolId, update, version, ex.actor())
                .compose(policy -> auditor.record(ex, "policy.replace", "pool/" + poolId, reason,
                                Map.of("mode", mode.wire(), "version", Long.toString(policy.version())))
                        .map(v -> Reply.ok(policy).withHeader("ETag", ETags.of(policy.version()))));
    }

    private static PolicyLimits limits(JsonBody limits) {
        if (limits == null) {
            return null;
        }
        limits.allowOnly("migrationsPerHour", "gibPerHour", "quietHours");
        Integer perHour = limits.integer("migrationsPerHour", 0, PolicyLimits.MAX_MIGRATIONS_PER_HOUR, null);
        Double gib = limits.number("gibPerHour", 0, false, PolicyLimits.MAX_GIB_PER_HOUR, null);
        String quietText = limits.text("quietHours", 11, false);
        QuietHours quiet = null;
        if (quietText != null) {
            try {
                quiet = QuietHours.parse(quietText);
            } catch (IllegalArgumentException e) {
                limits.reject("quietHours", e.getMessage());
            }
        }
        return perHour == null || gib == null ? null : new PolicyLimits(perHour, gib, quiet);
    }

    private static AdvisoryTrigger advisory(JsonBody advisory) {
        if (advisory == null) {
            return null;
        }
        advisory.allowOnly("imbalanceThreshold", "sustainedSeconds");
        Double threshold = advisory.number("imbalanceThreshold", 0, true, 1, null);
        Integer sustained = advisory.integer("sustainedSeconds", AdvisoryTrigger.MIN_SUSTAINED_SECONDS,
                AdvisoryTrigger.MAX_SUSTAINED_SECONDS, null);
        return threshold == null || sustained == null ? null : new AdvisoryTrigger(threshold, sustained);
    }
}
