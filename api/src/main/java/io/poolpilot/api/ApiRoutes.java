package io.poolpilot.api;

import io.poolpilot.api.auth.Role;
import io.poolpilot.api.http.Route;
import io.poolpilot.api.resource.AccountResource;
import io.poolpilot.api.resource.EventsResource;
import io.poolpilot.api.resource.HealthResource;
import io.poolpilot.api.resource.InventoryResource;
import io.poolpilot.api.resource.MetricsResource;
import io.poolpilot.api.resource.PlanResource;
import io.poolpilot.api.resource.PolicyResource;
import io.poolpilot.api.resource.RecordResource;
import io.poolpilot.api.resource.UsageResource;

import java.util.List;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * THE route table: every route, the role it needs and whether it takes a JSON body, in one place.
 * The OpenAPI document (resources/openapi.json) must list exactly these routes; a test checks it.
 */
final class ApiRoutes {
    /** Readable marker for routes that need no token. */
    private static final Role NO_TOKEN = null;
    private static final boolean JSON_BODY = true;
    private static final boolean NO_BODY = false;

    private ApiRoutes() {
    }

    static List<Route> table(HealthResource health, InventoryResource inventory, MetricsResource metrics,
                             PlanResource plans, PolicyResource policy, RecordResource records, EventsResource events,
                             UsageResource usage, AccountResource accounts) {
        return List.of(
                new Route(GET, "/healthz", "getHealth", NO_TOKEN, NO_BODY, health::live),
                new Route(GET, "/readyz", "getReadiness", NO_TOKEN, NO_BODY, health::ready),
                new Route(GET, "/openapi.json", "getOpenApi", NO_TOKEN, NO_BODY, health::openApi),

                new Route(GET, "/v1/pools", "listPools", Role.VIEWER, NO_BODY, inventory::listPools),
                new Route(GET, "/v1/pools/{poolId}", "getPool", Role.VIEWER, NO_BODY, inventory::getPool),
                new Route(GET, "/v1/pools/{poolId}/hosts", "listHosts", Role.VIEWER, NO_BODY, inventory::listHosts),
                new Route(GET, "/v1/pools/{poolId}/vms", "listVms", Role.VIEWER, NO_BODY, inventory::listVms),
                new Route(GET, "/v1/hosts/{hostUuid}", "getHost", Role.VIEWER, NO_BODY, inventory::getHost),
                new Route(GET, "/v1/hosts/{hostUuid}/metrics", "getHostMetrics", Role.VIEWER, NO_BODY, metrics::hostSeries),
                new Route(GET, "/v1/vms/{vmUuid}", "getVm", Role.VIEWER, NO_BODY, inventory::getVm),
                new Route(GET, "/v1/vms/{vmUuid}/metrics", "getVmMetrics", Role.VIEWER, NO_BODY, metrics::vmSeries),

                new Route(POST, "/v1/pools/{poolId}/plans", "proposePlan", Role.OPERATOR, JSON_BODY, plans::propose),
                new Route(GET, "/v1/pools/{poolId}/plans", "listPlans", Role.VIEWER, NO_BODY, plans::list),
                new Route(GET, "/v1/plans/{planId}", "getPlan", Role.VIEWER, NO_BODY, plans::get),
                new Route(POST, "/v1/plans/{planId}/approve", "approvePlan", Role.OPERATOR, JSON_BODY, plans::approve),
                new Route(POST, "/v1/plans/{planId}/reject", "rejectPlan", Role.OPERATOR, JSON_BODY, plans::reject),
                new Route(POST, "/v1/plans/{planId}/cancel", "cancelPlan", Role.OPERATOR, JSON_BODY, plans::cancel),

                new Route(GET, "/v1/pools/{poolId}/policy", "getPolicy", Role.VIEWER, NO_BODY, policy::get),
                // Policy decides whether PoolPilot may move VMs by itself: admins only.
                new Route(PUT, "/v1/pools/{poolId}/policy", "replacePolicy", Role.ADMIN, JSON_BODY, policy::replace),

                new Route(GET, "/v1/alerts", "listAlerts", Role.VIEWER, NO_BODY, records::listAlerts),
                // Who did what: admins only (operators see actors on the plans they act on).
                new Route(GET, "/v1/audit", "listAudit", Role.ADMIN, NO_BODY, records::listAudit),
                new Route(GET, "/v1/events", "streamEvents", Role.VIEWER, NO_BODY, events::stream),

                // Billing: usage data and account control, without the operational view (admin implies it).
                new Route(GET, "/v1/usage", "getUsage", Role.BILLING, NO_BODY, usage::usage),
                new Route(GET, "/v1/usage/feed", "getUsageFeed", Role.BILLING, NO_BODY, usage::feed),
                // Before the account routes: the literal segment wins over an account called "operations".
                new Route(GET, "/v1/accounts/operations/{operationId}", "getAccountOperation", Role.BILLING, NO_BODY,
                        accounts::operation),
                new Route(POST, "/v1/accounts/{accountId}/suspend", "suspendAccount", Role.BILLING, JSON_BODY, accounts::suspend),
                new Route(POST, "/v1/accounts/{accountId}/resume", "resumeAccount", Role.BILLING, JSON_BODY, accounts::resume));
    }
}
