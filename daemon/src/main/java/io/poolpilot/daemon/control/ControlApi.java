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
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.daemon.console.ConsoleService;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.operate.ControlOperations;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Assembles the control API's ports from the control plane's parts and starts the API server, with the web UI beside it, on loopback. */
final class ControlApi {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

    /** What the API's ports are made of. */
    record Parts(ControlConfig config, Vertx vertx, DataSource dataSource, BlockingPool dbPool, Db db,
                 Supplier<Map<String, Inventory>> inventories, LiveState live, Map<String, XapiEndpoint> endpoints,
                 PlanService plans, PolicyStore policies, AlertPort alerts, JdbcAuditLog audit, EventHub events,
                 Supplier<Readiness> readiness, String billingAccountKey) {
    }

    private ControlApi() {
    }

    /** Starts the API; {@code resources} is handed what must be closed when the control plane stops. */
    static HttpServer start(Parts parts, Clock clock, MeterRegistry registry,
                            java.util.function.Consumer<AutoCloseable> resources) throws Exception {
        ControlConfig config = parts.config();
        TokenStore tokens = config.tokensFile() == null ? TokenStore.of(List.of()) : new FileTokenStore(config.tokensFile());
        if (config.tokensFile() == null) {
            log.warn("event=api_without_tokens hint=\"set control.tokensFile; every API call but /healthz, /readyz and /metrics answers 401\"");
        }
        BillingPorts billing = billing(parts, clock, registry);
        // A ticket's seconds are a person's: wall-clock time, whatever clock the pools' data runs on.
        ConsoleService consoles = new ConsoleService(parts.vertx(), config.console(), parts.inventories(), parts.endpoints(),
                Clock.systemUTC(), registry);
        resources.accept(consoles);
        ApiPorts ports = new ApiPorts(tokens, new LiveInventory(parts.inventories(), parts.live(), parts.policies(), clock,
                parts.billingAccountKey()),
                new SqlMetrics(parts.db()), parts.plans(), parts.policies(), parts.alerts(), parts.audit(), parts.events(),
                () -> Future.succeededFuture(parts.readiness().get()))
                .withBilling(billing, billing)
                .withOperations(new ControlOperations(parts.vertx(), parts.dbPool(), parts.db(), parts.events(),
                        parts.inventories(), accessByPool(parts), parts.plans(), parts.policies(), clock))
                .withConsoles(consoles);
        ApiConfig api = new ApiConfig(config.apiHost(), config.apiPort(), ApiConfig.DEFAULT_BODY_LIMIT_BYTES,
                ApiConfig.DEFAULT_HEARTBEAT, null);
        return ApiServer.router(parts.vertx(), api, ports, clock, observer(registry)).compose(router -> {
            WebUi.mount(router.router());
            return ApiServer.listen(parts.vertx(), api, router);
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The billing ports: usage reads and account suspend/resume, whose per-VM events land in the audit log too. */
    private static BillingPorts billing(Parts parts, Clock clock, MeterRegistry registry) {
        List<PoolAccess> pools = parts.endpoints().entrySet().stream()
                .map(e -> PoolAccess.of(e.getKey(), e.getValue())).toList();
        AuditSink logged = AuditSink.logging();
        AuditSink sink = event -> {
            logged.record(event);
            parts.audit().record(new AuditEntry(null, event.at(), event.actor(), event.event(),
                    "account/" + event.account(), null, Map.of("operation", String.valueOf(event.operationId()),
                    "detail", event.detail() == null ? "" : event.detail())));
        };
        return BillingPorts.on(parts.dbPool(), parts.vertx(), new UsageQueries(parts.dataSource()),
                new AccountControl(parts.dataSource(), pools, parts.billingAccountKey(), sink, clock, registry));
    }

    private static Map<String, PoolAccess> accessByPool(Parts parts) {
        Map<String, PoolAccess> out = new java.util.LinkedHashMap<>();
        parts.endpoints().forEach((pool, endpoint) -> out.put(pool, PoolAccess.of(pool, endpoint)));
        return out;
    }

    private static ResponseObserver observer(MeterRegistry registry) {
        return (route, method, status, contentType) -> registry.counter("poolpilot.api.responses",
                "route", route == null ? "none" : route.operationId(), "status", Integer.toString(status)).increment();
    }
}
