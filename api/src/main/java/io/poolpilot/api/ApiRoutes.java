package io.poolpilot.api;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.resource.AccountResource;
import io.poolpilot.api.resource.AlertResource;
import io.poolpilot.api.resource.ConsoleResource;
import io.poolpilot.api.resource.EventsResource;
import io.poolpilot.api.resource.HealthResource;
import io.poolpilot.api.resource.InventoryResource;
import io.poolpilot.api.resource.MetricsResource;
import io.poolpilot.api.resource.OperationResource;
import io.poolpilot.api.resource.PlanResource;
import io.poolpilot.api.resource.PolicyResource;
import io.poolpilot.api.resource.RecordResource;
import io.poolpilot.api.resource.UsageResource;
import io.vertx.core.Future;

import java.util.Map;
import java.util.function.Function;

import static java.util.Map.entry;

/**
 * Which resource method serves each operation of the OpenAPI document, by operation id. Paths, methods,
 * parameters, bodies and the role each operation needs are declared in the document only
 * (resources/openapi.json); the router refuses to start when the two do not name the same operations.
 */
final class ApiRoutes {
    private ApiRoutes() {
    }

    static Map<String, Function<Exchange, Future<Reply>>> resources(HealthResource health, InventoryResource inventory,
                                                                    MetricsResource metrics, PlanResource plans,
                                                                    PolicyResource policy, RecordResource records,
                                                                    EventsResource events, UsageResource usage,
                                                                    AccountResource accounts,
                                                                    OperationResource operations,
                                                                    AlertResource answers, ConsoleResource consoles) {
        return Map.ofEntries(
                entry("getHealth", health::live),
                entry("getReadiness", health::ready),
                entry("getOpenApi", health::openApi),
                entry("listPools", inventory::listPools),
                entry("getPool", inventory::getPool),
                entry("listHosts", inventory::listHosts),
                entry("listVms", inventory::listVms),
                entry("getHost", inventory::getHost),
                entry("getHostMetrics", metrics::hostSeries),
                entry("getVm", inventory::getVm),
                entry("getVmMetrics", metrics::vmSeries),
                entry("proposePlan", plans::propose),
                entry("listPlans", plans::list),
                entry("getPlan", plans::get),
                entry("approvePlan", plans::approve),
                entry("rejectPlan", plans::reject),
                entry("cancelPlan", plans::cancel),
                entry("getPolicy", policy::get),
                entry("replacePolicy", policy::replace),
                entry("listAlerts", records::listAlerts),
                entry("listAudit", records::listAudit),
                entry("streamEvents", events::stream),
                entry("getUsage", usage::usage),
                entry("getUsageFeed", usage::feed),
                entry("getAccountOperation", accounts::operation),
                entry("suspendAccount", accounts::suspend),
                entry("resumeAccount", accounts::resume),
                entry("requestVmAction", operations::vmAction),
                entry("requestHostMaintenance", operations::maintenance),
                entry("getOperation", operations::get),
                entry("listAnswers", answers::listAnswers),
                entry("getAnswer", answers::getAnswer),
                entry("approveAnswer", answers::approveAnswer),
                entry("rejectAnswer", answers::rejectAnswer),
                entry("openVmConsole", consoles::open),
                entry("streamVmConsole", consoles::stream));
    }
}
