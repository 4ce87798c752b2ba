package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.MaintenanceAction;
import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.OperationState;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Host maintenance as operations. Enter: disable the host (no VM starts on or moves to it), then empty it
 * through an evacuation plan run by the pool's executor under the pool's limits; the operation ends with
 * the plan. Exit: enable the host. Blocking.
 */
final class HostMaintenance {

    /** The plan path that empties a host. */
    interface Evacuation {
        /**
         * Proposes an evacuation plan for the host and approves it for {@code actor} once solved; blocks until
         * the plan ends. Answers the plan id (null when the host had nothing to move); {@code planMade} hears
         * the plan id as soon as there is one. Throws when the plan fails, is rejected or expires.
         */
        String evacuate(String poolId, String hostUuid, String actor, String reason, java.util.function.Consumer<String> planMade);
    }

    private static final Logger log = LoggerFactory.getLogger(HostMaintenance.class);

    private final OperationLedger ledger;
    private final Supplier<Map<String, Inventory>> inventories;
    private final Map<String, PoolAccess> pools;
    private final Evacuation evacuation;
    private final Executor runner;
    private final Clock clock;

    HostMaintenance(OperationLedger ledger, Supplier<Map<String, Inventory>> inventories, Map<String, PoolAccess> pools,
                    Evacuation evacuation, Executor runner, Clock clock) {
        this.ledger = ledger;
        this.inventories = inventories;
        this.pools = pools;
        this.evacuation = evacuation;
        this.runner = runner;
        this.clock = clock;
    }

    Operation request(String hostUuid, MaintenanceAction action, String reason, String actor, String key) {
        String fingerprint = "host/" + hostUuid + " " + action.operationAction() + " reason=" + reason;
        Optional<Operation> repeat = ledger.repeat(actor, key, fingerprint);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        Map.Entry<String, Host> found = locate(hostUuid);
        String poolId = found.getKey();
        PoolAccess pool = pools.get(poolId);
        check(pool, found.getValue());
        Operation queued = new Operation(UUID.randomUUID().toString(), action.operationAction(), "host", hostUuid, poolId,
                null, null, OperationState.QUEUED, reason, actor, null, clock.instant(), null, null);
        Operation op = ledger.record(queued, key, fingerprint);
        if (op == queued) {
            runner.execute(() -> run(op, pool, action, found.getValue().ref()));
        }
        return op;
    }

    private void check(PoolAccess pool, Host host) {
        try {
            VmActionCheck.HostState state = pool.call(VmControl::hostStates).get(host.ref());
            if (state == null) {
                throw new PortFailure.NotFound("host", host.uuid());
            }
            if (!state.live()) {
                throw new PortFailure.Refused(Refusal.HOST_OFFLINE, "host " + state.name()
                        + " is down: it can be neither disabled nor enabled until it is back", null);
            }
        } catch (XapiTransportException e) {
            throw new PortFailure.Unavailable("the pool did not answer; retry shortly", e.getMessage());
        }
    }

    private void run(Operation queued, PoolAccess pool, MaintenanceAction action, String hostRef) {
        Operation[] op = {ledger.save(queued.running(clock.instant()))};
        try {
            if (action == MaintenanceAction.EXIT) {
                pool.call(client -> {
                    client.hostEnable(hostRef);
                    return null;
                });
            } else {
                pool.call(client -> {
                    client.hostDisable(hostRef);
                    return null;
                });
                evacuation.evacuate(op[0].poolId(), op[0].targetUuid(), op[0].actor(), op[0].reason(),
                        planId -> op[0] = ledger.save(op[0].withPlan(planId)));
            }
            ledger.save(op[0].succeeded(clock.instant()));
            log.info("event=host_maintenance_done operation={} pool={} host={} action={} plan={}", op[0].id(),
                    op[0].poolId(), op[0].targetUuid(), op[0].action(), op[0].planId());
        } catch (XapiFailure | XapiTransportException e) {
            fail(op[0], PoolRefusals.failure(e), e);
        } catch (RuntimeException e) {
            fail(op[0], new Operation.Failure(Refusal.REFUSED, "evacuation: " + e.getMessage()), e);
        }
    }

    private void fail(Operation op, Operation.Failure why, RuntimeException e) {
        log.warn("event=host_maintenance_failed operation={} pool={} host={} action={} error=\"{}\"", op.id(), op.poolId(),
                op.targetUuid(), op.action(), e.toString());
        ledger.save(op.failed(why, clock.instant()));
    }

    private Map.Entry<String, Host> locate(String hostUuid) {
        for (Map.Entry<String, Inventory> e : inventories.get().entrySet()) {
            Optional<Host> host = e.getValue().hostByUuid(hostUuid);
            if (host.isPresent() && pools.containsKey(e.getKey())) {
                return Map.entry(e.getKey(), host.get());
            }
        }
        throw new PortFailure.NotFound("host", hostUuid);
    }
}
