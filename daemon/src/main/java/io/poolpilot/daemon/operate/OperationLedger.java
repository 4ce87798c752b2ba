package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Operation;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.EventHub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where operations are kept and announced: every stored state is also published as {@code operation.state}
 * on the event stream; Idempotency-Keys are answered here. Blocking.
 */
final class OperationLedger {

    static final String EVENT_TYPE = "operation.state";

    private final OperationStore store;
    private final EventHub events;

    OperationLedger(OperationStore store, EventHub events) {
        this.store = store;
        this.events = events;
    }

    /** The operation an earlier request with this key made, when it was the same request; a reuse fails. */
    Optional<Operation> repeat(String actor, String key, String fingerprint) {
        if (key == null) {
            return Optional.empty();
        }
        return store.byKey(actor, key).map(stored -> sameRequest(stored, fingerprint));
    }

    /** Records a new operation: answers {@code op} itself, or the operation a concurrent request with the key made. */
    Operation record(Operation op, String key, String fingerprint) {
        OperationStore.Stored stored = store.insert(op, key, fingerprint);
        if (!stored.operation().id().equals(op.id())) {
            return sameRequest(stored, fingerprint);
        }
        publish(op);
        return op;
    }

    Operation save(Operation op) {
        store.update(op);
        publish(op);
        return op;
    }

    Optional<Operation> get(String id) {
        return store.get(UUID.fromString(id));
    }

    private static Operation sameRequest(OperationStore.Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new PortFailure.IdempotencyKeyReused(stored.operation().id());
        }
        return stored.operation();
    }

    private void publish(Operation op) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operationId", op.id());
        data.put("action", op.action());
        data.put("targetType", op.targetType());
        data.put("targetUuid", op.targetUuid());
        data.put("poolId", op.poolId());
        data.put("state", op.state().wire());
        if (op.planId() != null) {
            data.put("planId", op.planId());
        }
        if (op.problem() != null) {
            data.put("problem", op.problem().detail());
        }
        events.publish(EVENT_TYPE, data);
    }
}
