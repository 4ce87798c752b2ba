package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.MaintenanceAction;
import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.VmActionRequest;
import io.poolpilot.api.port.OperationPort;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.policy.PolicyStore;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The API's VM and host control: each request is handled on the bounded blocking pool (JDBC and XAPI),
 * never on an event loop, and each accepted operation runs on its own virtual thread.
 */
public final class ControlOperations implements OperationPort, AutoCloseable {

    private final Vertx vertx;
    private final BlockingPool blocking;
    private final OperationLedger ledger;
    private final VmOperations vms;
    private final HostMaintenance maintenance;
    private final ExecutorService runner = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("operation-", 0).factory());

    public ControlOperations(Vertx vertx, BlockingPool blocking, Db db, EventHub events,
                             Supplier<Map<String, Inventory>> inventories, Map<String, PoolAccess> pools,
                             PlanService plans, PolicyStore policies, Clock clock) {
        this.vertx = vertx;
        this.blocking = blocking;
        this.ledger = new OperationLedger(new OperationStore(db), events);
        this.vms = new VmOperations(ledger, inventories, pools, runner, clock);
        this.maintenance = new HostMaintenance(ledger, inventories, pools, new PlanEvacuation(plans, policies, clock),
                runner, clock);
    }

    @Override
    public Future<Operation> requestVmAction(String vmUuid, VmActionRequest request, String actor, String key) {
        return blocking.submit(context(), () -> vms.request(vmUuid, request, actor, key));
    }

    @Override
    public Future<Operation> requestMaintenance(String hostUuid, MaintenanceAction action, String reason, String actor,
                                                String key) {
        return blocking.submit(context(), () -> maintenance.request(hostUuid, action, reason, actor, key));
    }

    @Override
    public Future<Optional<Operation>> operation(String operationId) {
        return blocking.submit(context(), () -> ledger.get(operationId));
    }

    private Context context() {
        return Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
    }

    /** Stops taking operations; ones still running are interrupted (their state stays as last stored). */
    @Override
    public void close() {
        runner.shutdownNow();
    }
}
