package io.poolpilot.daemon.plan;

/** SQL relation names of plans, steps, audit, policies and leases (created by {@code common/V20__plans.sql}). */
public final class PlanRelations {

    private PlanRelations() {
    }

    public static final String PLAN = "plan";
    public static final String PLAN_STEP = "plan_step";
    public static final String AUDIT_LOG = "audit_log";
    public static final String POOL_POLICY = "pool_policy";
    public static final String POOL_LEASE = "pool_lease";
}
