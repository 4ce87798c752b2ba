package io.poolpilot.daemon.control;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.api.ApiConfig;
import io.poolpilot.api.ApiPorts;
import io.poolpilot.api.ApiServer;
import io.poolpilot.api.http.ResponseObserver;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Readiness;
import io.poolpilot.api.port.TokenStore;
import io.poolpilot.daemon.billing.AccountControl;
import io.poolpilot.daemon.billing.AuditSink;
import io.poolpilot.daemon.billing.BillingPorts;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.daemon.billing.UsageQueries;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.detect.AlertStore;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.policy.PolicyStore;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.ui.WebUi;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The control API of the daemon, its ports over the daemon's stores, and the web UI beside it on {@code control.apiHost:apiPort}. */
final class ControlApi {
    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

    private ControlApi() {
    }

    static Future<HttpServer> start(Vertx vertx, ControlConfig config, DataSource dataSource, BlockingPool dbPool, Db db, LiveState live,
                                    Supplier<Map<String, Inventory>> inventories, Map<String, XapiEndpoint> endpoints, Clock clock,
                                    Supplier<Readiness> readiness, String billingAccountKey, MeterRegistry registry,
                                    PlanService plans, PolicyStore policies, AlertStore alerts, JdbcAuditLog audit, EventHub events) {
        TokenStore tokens = config.tokensFile() == null ? TokenStore.of(List.of()) : new FileTokenStore(config.tokensFile());
        if (config.tokensFile() == null) {
            log.warn("event=api_without_tokens hint=\"set control.tokensFile; every API call but /healthz, /readyz and /metrics answers 401\"");
        }
        BillingPorts billing = billing(dataSource, dbPool, vertx, endpoints, billingAccountKey, audit, clock, registry);
        ApiPorts ports = new ApiPorts(tokens, new LiveInventory(inventories, live, policies, clock, billingAccountKey), new SqlMetrics(db),
                plans, policies, alerts, audit, events, () -> Future.succeededFuture(readiness.get()))
                .withBilling(billing, billing);
        ApiConfig api = new ApiConfig(config.apiHost(), config.apiPort(), ApiConfig.DEFAULT_BODY_LIMIT_BYTES,
                ApiConfig.DEFAULT_HEARTBEAT, null);
        return ApiServer.router(vertx, api, ports, clock, observer(registry)).compose(router -> {
            WebUi.mount(router.router());
            return ApiServer.listen(vertx, api, router);
        });
    }

    /** The billing ports: usage reads and account suspend/resume, whose per-VM events land in the audit log too. */
    private static BillingPorts billing(DataSource dataSource, BlockingPool dbPool, Vertx vertx, Map<String, XapiEndpoint> endpoints,
                                        String billingAccountKey, JdbcAuditLog audit, Clock clock, MeterRegistry registry) {
        List<PoolAccess> pools = endpoints.entrySet().stream().map(e -> PoolAccess.of(e.getKey(), e.getValue())).toList();
        AuditSink logged = AuditSink.logging();
        AuditSink sink = event -> {
            logged.record(event);
            audit.record(new AuditEntry(null, event.at(), event.actor(), event.event(),
                    "account/" + event.account(), null, Map.of("operation", String.valueOf(event.operationId()),
                    "detail", event.detail() == null ? "" : event.detail())));
        };
        return BillingPorts.on(dbPool, vertx, new UsageQueries(dataSource),
                new AccountControl(dataSource, pools, billingAccountKey, sink, clock, registry));
    }

    private static ResponseObserver observer(MeterRegistry registry) {
        return (route, method, status, contentType) -> registry.counter("poolpilot.api.responses",
                "route", route == null ? "none" : route.operationId(), "status", Integer.toString(status)).increment();
    }
}
