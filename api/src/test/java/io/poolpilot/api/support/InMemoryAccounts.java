package io.poolpilot.api.support;

import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.SuspendMode;
import io.poolpilot.api.port.AccountPort;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * VMs with a billing account and a power state, controlled the way the daemon's account control does:
 * suspend marks and stops running VMs, resume starts only marked ones, a repeat touches nothing twice.
 * Counts the power changes so tests can prove it.
 */
public final class InMemoryAccounts implements AccountPort {
    /** One VM as account control sees it. */
    public record AccountVm(String uuid, String accountId, String powerState, boolean marked) {
    }

    private final Map<String, AccountVm> vms = new LinkedHashMap<>();
    private final Map<String, AccountOperation> operations = new ConcurrentHashMap<>();
    private final AtomicInteger powerChanges = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Clock clock;

    public InMemoryAccounts(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < 3; i++) {
            add(vm(i), "acme", i < 2 ? "running" : "halted");
        }
        add(vm(3), "globex", "running");
    }

    public static String vm(int i) {
        return String.format("a0000000-0000-0000-0000-%012d", i);
    }

    public synchronized void add(String uuid, String accountId, String powerState) {
        vms.put(uuid, new AccountVm(uuid, accountId, powerState, false));
    }

    public synchronized AccountVm vmState(String uuid) {
        return vms.get(uuid);
    }

    /** Suspends, shutdowns, starts and resumes done so far. */
    public int powerChanges() {
        return powerChanges.get();
    }

    @Override
    public synchronized Future<AccountOperation> suspend(String accountId, SuspendMode mode, String reason, String actor) {
        List<AccountOperation.VmStep> steps = new ArrayList<>();
        for (AccountVm vm : List.copyOf(vms.values())) {
            if (!vm.accountId().equals(accountId)) {
                continue;
            }
            if (vm.powerState().equals("running")) {
                String after = mode == SuspendMode.SUSPEND ? "suspended" : "halted";
                vms.put(vm.uuid(), new AccountVm(vm.uuid(), accountId, after, true));
                powerChanges.incrementAndGet();
                steps.add(step(vm, AccountOperation.Outcome.STOPPED, mode == SuspendMode.SUSPEND ? "suspended" : "shut down"));
            } else {
                steps.add(step(vm, vm.marked() ? AccountOperation.Outcome.ALREADY_DONE : AccountOperation.Outcome.LEFT_ALONE,
                        vm.marked() ? "stopped by an earlier suspension" : "not running before the suspension"));
            }
        }
        return Future.succeededFuture(store(accountId, AccountOperation.Action.SUSPEND, mode, reason, actor, steps));
    }

    @Override
    public synchronized Future<AccountOperation> resume(String accountId, String actor) {
        List<AccountOperation.VmStep> steps = new ArrayList<>();
        for (AccountVm vm : List.copyOf(vms.values())) {
            if (!vm.accountId().equals(accountId)) {
                continue;
            }
            if (vm.marked()) {
                vms.put(vm.uuid(), new AccountVm(vm.uuid(), accountId, "running", false));
                powerChanges.incrementAndGet();
                steps.add(step(vm, AccountOperation.Outcome.STARTED, "started"));
            } else {
                steps.add(step(vm, AccountOperation.Outcome.LEFT_ALONE, "not stopped by a suspension of this account"));
            }
        }
        return Future.succeededFuture(store(accountId, AccountOperation.Action.RESUME, null, null, actor, steps));
    }

    @Override
    public Future<Optional<AccountOperation>> operation(String operationId) {
        return Future.succeededFuture(Optional.ofNullable(operations.get(operationId)));
    }

    private AccountOperation store(String accountId, AccountOperation.Action action, SuspendMode mode, String reason,
                                   String actor, List<AccountOperation.VmStep> steps) {
        String id = UUID.nameUUIDFromBytes(("operation-" + sequence.incrementAndGet()).getBytes(StandardCharsets.UTF_8)).toString();
        AccountOperation op = new AccountOperation(id, accountId, action, mode, reason, actor, AccountOperation.State.SUCCEEDED,
                clock.instant(), clock.instant(), steps);
        operations.put(id, op);
        return op;
    }

    private static AccountOperation.VmStep step(AccountVm vm, AccountOperation.Outcome outcome, String detail) {
        return new AccountOperation.VmStep("pool-a", vm.uuid(), "vm-" + vm.uuid().substring(vm.uuid().length() - 2),
                vm.powerState(), outcome, detail);
    }
}
