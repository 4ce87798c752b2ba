package io.poolpilot.daemon.answer;

import io.poolpilot.api.model.AnswerStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.xapi.AsyncVmCalls;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;

import java.time.Clock;
import java.time.Duration;

/**
 * One step of an answer against the pool: the VM's record is read fresh first, so a step that already took
 * effect (before a daemon restart, or by an operator) is recorded as done without calling again; then the
 * call as an XAPI task, followed to its end. A refusal is the step's failure; a transport failure is thrown
 * (the step stays running and the next tick looks again). Blocking.
 */
final class AnswerSteps {

    static final String HARD_SHUTDOWN = "hard-shutdown";
    static final String START = "start";
    /** Outcome of a shutdown step whose VM someone else had halted first: not restarted later. */
    static final String ALREADY_HALTED = "already halted";
    /** Outcome prefix of a step found running after a restart. */
    static final String RESUMED = "resumed";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final PoolAccess pool;
    private final Clock clock;

    AnswerSteps(PoolAccess pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Carries out {@code step} (status running); answers it done, skipped or failed, with its outcome. */
    AnswerStep run(AnswerStep step) {
        return pool.call(client -> {
            String ref;
            try {
                Object found = client.session().call("VM.get_by_uuid", step.vmUuid());
                ref = found instanceof String r && !r.equals("OpaqueRef:NULL") ? r : null;
            } catch (XapiFailure gone) {
                ref = null;
            }
            if (ref == null) {
                return finish(step, StepStatus.SKIPPED, "the VM no longer exists");
            }
            Vm vm = client.record(XapiClass.VM, ref);
            try {
                return switch (step.action()) {
                    case HARD_SHUTDOWN -> shutdown(client, step, vm);
                    case START -> start(client, step, vm);
                    default -> finish(step, StepStatus.FAILED, "unknown step action '" + step.action() + "'");
                };
            } catch (XapiFailure refused) {
                return finish(step, StepStatus.FAILED, "the pool refused: " + refused.getMessage());
            }
        });
    }

    private AnswerStep shutdown(XapiClient client, AnswerStep step, Vm vm) {
        if (vm.powerState() == PowerState.HALTED) {
            // Resumed after a restart: the call made before it took effect, so the VM is ours to restart later.
            return finish(step, StepStatus.DONE, step.outcome() != null && step.outcome().startsWith(RESUMED)
                    ? "halted (the call made before the daemon stopped took effect)" : ALREADY_HALTED);
        }
        AsyncVmCalls async = new AsyncVmCalls(client.session());
        async.awaitTask(async.asyncVmHardShutdown(vm.ref()), POLL, TIMEOUT);
        return finish(step, StepStatus.DONE, "halted by VM.hard_shutdown (was " + vm.powerState().name().toLowerCase(
                java.util.Locale.ROOT) + ")");
    }

    private AnswerStep start(XapiClient client, AnswerStep step, Vm vm) {
        if (vm.powerState() == PowerState.RUNNING) {
            return finish(step, StepStatus.DONE, "already running");
        }
        if (vm.powerState() != PowerState.HALTED) {
            return finish(step, StepStatus.SKIPPED, "not restarted: it is " + vm.powerState().name().toLowerCase(
                    java.util.Locale.ROOT) + ", not halted (someone else acted on it)");
        }
        AsyncVmCalls async = new AsyncVmCalls(client.session());
        async.awaitTask(async.asyncVmStart(vm.ref(), false, false), POLL, TIMEOUT);
        Vm now = client.record(XapiClass.VM, vm.ref());
        String where = now.residentOn().map(h -> {
            Host host = client.record(XapiClass.HOST, h);
            return " on host " + host.nameLabel() + " (" + host.uuid() + ")";
        }).orElse("");
        return finish(step, StepStatus.DONE, "started by VM.start" + where);
    }

    private AnswerStep finish(AnswerStep step, StepStatus status, String outcome) {
        return new AnswerStep(step.index(), step.action(), step.vmUuid(), step.vmName(), step.hostUuid(), status, outcome,
                step.startedAt(), clock.instant());
    }
}
