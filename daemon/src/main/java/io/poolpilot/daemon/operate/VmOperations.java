package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.OperationState;
import io.poolpilot.api.model.VmAction;
import io.poolpilot.api.model.VmActionRequest;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * VM actions as operations: find the VM's pool, answer a repeat of an Idempotency-Key, check with the pool,
 * record the operation queued and run it on {@code runner}, storing and publishing each state. Blocking.
 */
final class VmOperations {

    private static final Logger log = LoggerFactory.getLogger(VmOperations.class);

    private final OperationLedger ledger;
    private final Supplier<Map<String, Inventory>> inventories;
    private final Map<String, PoolAccess> pools;
    private final Executor runner;
    private final Clock clock;

    VmOperations(OperationLedger ledger, Supplier<Map<String, Inventory>> inventories, Map<String, PoolAccess> pools,
                 Executor runner, Clock clock) {
        this.ledger = ledger;
        this.inventories = inventories;
        this.pools = pools;
        this.runner = runner;
        this.clock = clock;
    }

    Operation request(String vmUuid, VmActionRequest request, String actor, String key) {
        String fingerprint = request.fingerprint(vmUuid);
        Optional<Operation> repeat = ledger.repeat(actor, key, fingerprint);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        Map.Entry<String, Vm> found = locate(vmUuid);
        String poolId = found.getKey();
        String vmRef = found.getValue().ref();
        String destinationRef = request.action() == VmAction.MIGRATE ? destination(poolId, request.hostId()) : null;
        PoolAccess pool = pools.get(poolId);
        Optional<PortFailure.Refused> refused;
        try {
            refused = VmControl.check(pool, request.action(), vmRef, destinationRef);
        } catch (XapiTransportException e) {
            throw new PortFailure.Unavailable("pool " + poolId + " did not answer; retry shortly", e.getMessage());
        } catch (XapiFailure e) {
            throw new PortFailure.Refused(PoolRefusals.of(e.code()), "the pool refused: " + e.getMessage(), null);
        }
        if (refused.isPresent()) {
            throw refused.get();
        }
        Operation queued = new Operation(UUID.randomUUID().toString(), request.action().wire(), "vm", vmUuid, poolId,
                request.hostId(), null, OperationState.QUEUED, request.reason(), actor, null, clock.instant(), null, null);
        Operation op = ledger.record(queued, key, fingerprint);
        if (op == queued) {
            runner.execute(() -> run(op, pool, request.action(), vmRef, destinationRef));
        }
        return op;
    }

    private void run(Operation queued, PoolAccess pool, VmAction action, String vmRef, String destinationRef) {
        Operation op = ledger.save(queued.running(clock.instant()));
        try {
            VmControl.run(pool, action, vmRef, destinationRef);
            ledger.save(op.succeeded(clock.instant()));
            log.info("event=vm_action_done operation={} pool={} vm={} action={}", op.id(), op.poolId(), op.targetUuid(),
                    op.action());
        } catch (RuntimeException e) {
            Operation.Failure why = PoolRefusals.failure(e);
            log.warn("event=vm_action_failed operation={} pool={} vm={} action={} refusal={} error=\"{}\"", op.id(),
                    op.poolId(), op.targetUuid(), op.action(), why.refusal(), e.toString());
            ledger.save(op.failed(why, clock.instant()));
        }
    }

    /** The pool and XAPI record of a guest VM, by uuid. */
    private Map.Entry<String, Vm> locate(String vmUuid) {
        for (Map.Entry<String, Inventory> e : inventories.get().entrySet()) {
            Optional<Vm> vm = e.getValue().vmByUuid(vmUuid).filter(Vm::isGuest);
            if (vm.isPresent() && pools.containsKey(e.getKey())) {
                return Map.entry(e.getKey(), vm.get());
            }
        }
        throw new PortFailure.NotFound("vm", vmUuid);
    }

    private String destination(String poolId, String hostUuid) {
        Optional<Host> host = inventories.get().get(poolId).hostByUuid(hostUuid);
        if (host.isPresent()) {
            return host.get().ref();
        }
        boolean elsewhere = inventories.get().values().stream().anyMatch(i -> i.hostByUuid(hostUuid).isPresent());
        if (elsewhere) {
            throw new PortFailure.Refused(io.poolpilot.api.model.Refusal.REFUSED, "host " + hostUuid
                    + " is in another pool; a VM migrates only within its pool (" + poolId + ")", null);
        }
        throw new PortFailure.NotFound("host", hostUuid);
    }
}
