package io.poolpilot.daemon.execute;

import io.poolpilot.api.model.PlanStep;
import io.poolpilot.daemon.plan.InventoryNames;
import io.poolpilot.daemon.plan.StepProgress;
import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Task;
import io.poolpilot.xapi.model.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * Runs one migration step: re-checks it against XAPI just before (VM there and running, destination
 * enabled with room), starts {@code Async.VM.pool_migrate}, follows the task, retries transient
 * failures with backoff, and records the task and the outcome so a new owner can pick up where it stopped.
 */
public final class StepRunner {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    /** Failures worth another attempt: the pool was busy or the connection broke, nothing was refused. */
    static final Set<String> TRANSIENT = Set.of("TOO_BUSY", "TOO_MANY_PENDING_TASKS", "OTHER_OPERATION_IN_PROGRESS",
            XapiErrorCodes.SESSION_INVALID, XapiErrorCodes.HOST_IS_SLAVE);

    /** Retry and polling settings. */
    public record Settings(int maxAttempts, Duration firstBackoff, Duration pollInterval, Duration stepTimeout) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
        }

        public static Settings defaults() {
            return new Settings(3, Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMinutes(30));
        }
    }

    private final String poolName;
    private final XapiLink link;
    private final Supplier<Inventory> inventory;
    private final StepProgress steps;
    private final Clock clock;
    private final Settings settings;

    public StepRunner(String poolName, XapiLink link, Supplier<Inventory> inventory, StepProgress steps, Clock clock,
                      Settings settings, io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        this.poolName = poolName;
        this.link = link;
        this.inventory = inventory;
        this.steps = steps;
        this.clock = clock;
        this.settings = settings;
    }

    private final io.micrometer.core.instrument.MeterRegistry registry;

    /** Runs the step to an outcome; {@code keepGoing} false means stop waiting and leave it to the next owner. */
    public StepOutcome run(String planId, PlanStep step, BooleanSupplier keepGoing, DoubleConsumer progress) {
        StepOutcome outcome = attempt(planId, step, keepGoing, progress);
        registry.counter(io.poolpilot.daemon.metrics.MetricNames.EXECUTOR_STEPS, "pool", poolName,
                io.poolpilot.daemon.metrics.MetricNames.TAG_OUTCOME,
                outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)).increment();
        return outcome;
    }

    private StepOutcome attempt(String planId, PlanStep step, BooleanSupplier keepGoing, DoubleConsumer progress) {
        Optional<String> previousTask = steps.taskRef(planId, step.index());
        for (int attempt = 1; ; attempt++) {
            try {
                if (previousTask.isPresent()) {
                    // A task started before (by us or an owner that died): follow it instead of migrating twice.
                    String taskRef = previousTask.get();
                    previousTask = Optional.empty();
                    StepOutcome followed = follow(planId, step, taskRef, keepGoing, progress, true);
                    if (followed != null) {
                        return followed;
                    }
                }
                StepPrecheck.Refs refs = StepPrecheck.recheck(step, inventory.get(), link.client(), names());
                if (refs.outcome() != null) {
                    return refs.outcome();
                }
                if (!keepGoing.getAsBoolean()) {
                    return new StepOutcome.Abandoned("stopped before starting the migration");
                }
                steps.stepRunning(planId, step.index(), null, clock.instant());
                String taskRef = link.client().asyncPoolMigrate(refs.vmRef(), refs.hostRef(), Map.of("live", "true"));
                steps.stepRunning(planId, step.index(), taskRef, clock.instant());
                log.info("event=step_started pool={} plan={} step={} vm={} from={} to={} task={} attempt={}", poolName,
                        planId, step.index(), step.vmUuid(), step.fromHostUuid(), step.toHostUuid(), taskRef, attempt);
                StepOutcome outcome = follow(planId, step, taskRef, keepGoing, progress, false);
                if (outcome != null) {
                    return outcome;
                }
            } catch (XapiFailure failure) {
                if (!TRANSIENT.contains(failure.code())) {
                    return failed("", failure.code(), failure.params());
                }
                if (failure.is(XapiErrorCodes.SESSION_INVALID) || failure.is(XapiErrorCodes.HOST_IS_SLAVE)) {
                    link.reset();
                }
                if (attempt >= settings.maxAttempts()) {
                    return failed("gave up after " + attempt + " attempts: ", failure.code(), failure.params());
                }
            } catch (XapiTransportException failure) {
                link.reset();
                if (attempt >= settings.maxAttempts()) {
                    return new StepOutcome.Failed("gave up after " + attempt + " attempts: " + failure.getMessage());
                }
            } catch (TransientTaskFailure failure) {
                if (attempt >= settings.maxAttempts()) {
                    return new StepOutcome.Failed("gave up after " + attempt + " attempts: " + failure.getMessage());
                }
            }
            log.info("event=step_retry pool={} plan={} step={} attempt={}", poolName, planId, step.index(), attempt);
            LockSupport.parkNanos(settings.firstBackoff().toNanos() << (attempt - 1));
            if (!keepGoing.getAsBoolean()) {
                return new StepOutcome.Abandoned("stopped while backing off");
            }
        }
    }

    /** A task that failed in a way worth retrying. */
    private static final class TransientTaskFailure extends RuntimeException {
        TransientTaskFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Polls a task to its end. Null when a task adopted from a previous owner is gone (the caller then
     * re-checks the VM and decides afresh).
     */
    private StepOutcome follow(String planId, PlanStep step, String taskRef, BooleanSupplier keepGoing,
                               DoubleConsumer progress, boolean adopted) {
        long deadline = System.nanoTime() + settings.stepTimeout().toNanos();
        double lastProgress = -1;
        while (true) {
            Task task;
            try {
                task = link.client().task(taskRef);
            } catch (XapiFailure f) {
                if (f.is(XapiErrorCodes.HANDLE_INVALID)) {
                    if (adopted) {
                        return null;
                    }
                    throw new TransientTaskFailure("task " + taskRef + " vanished");
                }
                throw f;
            }
            if (task.status() == TaskStatus.SUCCESS) {
                destroyQuietly(taskRef);
                return new StepOutcome.Done("migrated by task " + taskRef);
            }
            if (task.status() == TaskStatus.FAILURE || task.status() == TaskStatus.CANCELLED) {
                destroyQuietly(taskRef);
                List<String> error = task.errorInfo();
                String code = error.isEmpty() ? "UNKNOWN" : error.getFirst();
                List<String> params = error.subList(Math.min(1, error.size()), error.size());
                if (TRANSIENT.contains(code)) {
                    throw new TransientTaskFailure(FailureText.sentence(code, params, names()));
                }
                return failed("", code, params);
            }
            if (task.progress() != lastProgress) {
                lastProgress = task.progress();
                progress.accept(lastProgress);
            }
            if (!keepGoing.getAsBoolean()) {
                return new StepOutcome.Abandoned("stopped while task " + taskRef + " runs");
            }
            if (System.nanoTime() - deadline > 0) {
                return new StepOutcome.Failed("the migration of vm " + names().ofUuid(step.vmUuid()) + " (task " + taskRef
                        + ") did not finish within " + settings.stepTimeout());
            }
            LockSupport.parkNanos(settings.pollInterval().toNanos());
        }
    }

    private void destroyQuietly(String taskRef) {
        try {
            link.client().destroyTask(taskRef);
        } catch (RuntimeException e) {
            log.debug("event=task_destroy_failed pool={} task={} error=\"{}\"", poolName, taskRef, e.toString());
        }
    }

    private StepOutcome.Failed failed(String prefix, String code, List<String> params) {
        return new StepOutcome.Failed(prefix + FailureText.sentence(code, params, names()),
                new io.poolpilot.api.model.StepError(code, params));
    }

    /** Names from the pool's inventory as it is now, for the texts of this step and its plan. */
    InventoryNames names() {
        return InventoryNames.of(inventory.get());
    }
}
