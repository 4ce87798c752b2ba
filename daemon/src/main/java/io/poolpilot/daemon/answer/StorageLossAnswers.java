package io.poolpilot.daemon.answer;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.AnswerState;
import io.poolpilot.api.model.AnswerStep;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.control.JdbcAuditLog;
import io.poolpilot.daemon.detect.AlertKind;
import io.poolpilot.daemon.detect.AlertStore;
import io.poolpilot.daemon.detect.HostLiveness;
import io.poolpilot.daemon.detect.SrGuests;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.policy.Autopilot;
import io.poolpilot.daemon.policy.PolicyStore;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The policy's answer to {@code storage-lost-pool} in one pool, run on a worker by the pool's lease holder
 * every tick. The store is its only memory, so a restarted daemon or a new lease holder carries on where the
 * last one was:
 * <ol>
 * <li>an open alert in an advisory or automatic pool gets a {@code shutdown-vms} answer, {@code waiting} until
 *     {@code raisedAt + grace} (the storage may come back in seconds); at most one per alert, ever;</li>
 * <li>if the alert clears first, the answer is {@code cancelled} and nothing is shut down;</li>
 * <li>when the grace period ends, the running VMs with a disk on the SR (on live hosts) become its steps;
 *     an automatic pool approves it at once, an advisory one proposes it to an operator;</li>
 * <li>approved, each VM is hard-shut-down, its step written before and after the call (a step found
 *     running after a restart reads the VM first: one already halted is not shut down again);</li>
 * <li>once the SR is attached again (the alert cleared), the VMs it halted get a {@code restart-vms} answer:
 *     carried out in an automatic pool, offered for approval otherwise.</li>
 * </ol>
 * Every state change is audited, published as {@code answer.state} and logged.
 */
public final class StorageLossAnswers implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StorageLossAnswers.class);

    public static final String SHUTDOWN = "shutdown-vms";
    public static final String RESTART = "restart-vms";
    public static final String EVENT = "answer.state";

    private final String pool;
    private final AnswerStore answers;
    private final AlertStore alerts;
    private final PolicyStore policies;
    private final Supplier<Inventory> inventory;
    private final AnswerSteps steps;
    private final JdbcAuditLog audit;
    private final EventHub events;
    private final Clock clock;
    private final Duration grace;
    private final MeterRegistry registry;

    public StorageLossAnswers(String pool, AnswerStore answers, AlertStore alerts, PolicyStore policies,
                              Supplier<Inventory> inventory, io.poolpilot.daemon.billing.PoolAccess access,
                              JdbcAuditLog audit, EventHub events, Clock clock, Duration grace, MeterRegistry registry) {
        this.pool = pool;
        this.answers = answers;
        this.alerts = alerts;
        this.policies = policies;
        this.inventory = inventory;
        this.steps = new AnswerSteps(access, clock);
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.grace = grace;
        this.registry = registry;
    }

    public String pool() {
        return pool;
    }

    @Override
    public void run() {
        Inventory inv = inventory.get();
        if (inv == null || inv.hosts().isEmpty()) {
            return; // still connecting: nothing can be judged
        }
        PolicyMode mode = policies.current(pool).mode();
        Map<String, Alert> open = new LinkedHashMap<>();
        for (Alert alert : alerts.open(pool)) {
            if (alert.kind().equals(AlertKind.STORAGE_LOST_POOL.wire())) {
                open.put(alert.id(), alert);
            }
        }
        if (mode != PolicyMode.MANUAL) {
            open.values().forEach(alert -> waitFor(alert, mode));
        }
        for (AlertAnswer answer : answers.active(pool)) {
            advance(answer, open.containsKey(answer.alertId()), mode, inv);
        }
        for (AlertAnswer shutdown : answers.awaitingFollowUp(pool, SHUTDOWN, RESTART)) {
            offerRestart(shutdown, mode);
        }
    }

    private void waitFor(Alert alert, PolicyMode mode) {
        long alertId = Long.parseLong(alert.id());
        if (answers.exists(alertId, SHUTDOWN)) {
            return;
        }
        Instant now = clock.instant();
        String reason = "storage-lost-pool: " + alert.message() + "; running VMs on it are hard-shut-down unless it is"
                + " attached again within " + grace.toSeconds() + " s";
        answers.create(alertId, pool, SHUTDOWN, AnswerState.WAITING, alert.subject(), reason,
                alert.raisedAt().plus(grace), null, now, List.of()).ifPresent(a -> changed(a, actor(mode), "answer.wait", reason));
    }

    private void advance(AlertAnswer answer, boolean alertOpen, PolicyMode mode, Inventory inv) {
        UUID id = UUID.fromString(answer.id());
        Instant now = clock.instant();
        switch (answer.state()) {
            case WAITING -> {
                if (SHUTDOWN.equals(answer.kind()) && !alertOpen) {
                    end(answer, AnswerState.CANCELLED, "the SR was attached again within the grace period: nothing shut down");
                } else if (mode == PolicyMode.MANUAL) {
                    end(answer, AnswerState.CANCELLED, "the pool's policy is manual now: only alerted");
                } else if (!now.isBefore(answer.dueAt())) {
                    decide(answer, SHUTDOWN.equals(answer.kind()) ? steps(answer, inv) : List.of(), mode, now);
                }
            }
            case PROPOSED -> {
                if (SHUTDOWN.equals(answer.kind()) && !alertOpen) {
                    end(answer, AnswerState.CANCELLED, "the SR was attached again before an operator approved");
                }
            }
            case APPROVED -> {
                if (answers.transition(id, AnswerState.APPROVED, AnswerState.RUNNING, "running", null, now)) {
                    carryOut(answers.get(id).orElseThrow());
                }
            }
            case RUNNING -> carryOut(answer); // after a restart or a transport failure: carry on where it was
            default -> { }
        }
    }

    /** Fixes the VMs the grace period ended on; approves (automatic) or proposes (advisory). */
    private void decide(AlertAnswer answer, List<AnswerStep> found, PolicyMode mode, Instant now) {
        UUID id = UUID.fromString(answer.id());
        if (answer.steps().isEmpty() && !found.isEmpty()) {
            answers.addSteps(id, found);
        }
        if (found.isEmpty() && answer.steps().isEmpty()) {
            end(answer, AnswerState.SUCCEEDED, SHUTDOWN.equals(answer.kind())
                    ? "no running VM uses the SR: nothing to shut down" : "no VM to restart");
            return;
        }
        String vms = describe(answer.steps().isEmpty() ? found : answer.steps());
        if (mode == PolicyMode.AUTOMATIC) {
            String reason = "approved by the automatic policy: " + vms;
            if (answers.transition(id, AnswerState.WAITING, AnswerState.APPROVED, reason, Autopilot.AUTOMATIC_ACTOR, now)) {
                changed(answers.get(id).orElseThrow(), Autopilot.AUTOMATIC_ACTOR, "answer.approve", reason);
                advance(answers.get(id).orElseThrow(), true, mode, inventory.get());
            }
        } else {
            String reason = "proposed for approval (advisory policy): " + vms;
            if (answers.transition(id, AnswerState.WAITING, AnswerState.PROPOSED, reason, null, now)) {
                changed(answers.get(id).orElseThrow(), Autopilot.ADVISORY_ACTOR, "answer.propose", reason);
            }
        }
    }

    /** The running VMs with a disk on the answer's SR, on live hosts (a guest on a dead host is host-down's). */
    private List<AnswerStep> steps(AlertAnswer answer, Inventory inv) {
        Optional<StorageRepository> sr = inv.storageRepositories().values().stream()
                .filter(s -> s.uuid().equals(answer.subject())).findFirst();
        List<AnswerStep> out = new ArrayList<>();
        if (sr.isEmpty()) {
            return out;
        }
        for (Vm vm : SrGuests.runningOn(inv, sr.get())) {
            Host host = vm.residentOn().map(inv.hosts()::get).orElse(null);
            if (host == null || !HostLiveness.live(inv, host)) {
                continue;
            }
            out.add(new AnswerStep(out.size(), AnswerSteps.HARD_SHUTDOWN, vm.uuid(), vm.nameLabel(), host.uuid(),
                    StepStatus.PENDING, null, null, null));
        }
        return out;
    }

    /** Runs every step not done yet, each written before and after; then ends the answer. */
    private void carryOut(AlertAnswer answer) {
        UUID id = UUID.fromString(answer.id());
        for (AnswerStep step : answer.steps()) {
            if (step.status() != StepStatus.PENDING && step.status() != StepStatus.RUNNING) {
                continue;
            }
            AnswerStep running = new AnswerStep(step.index(), step.action(), step.vmUuid(), step.vmName(), step.hostUuid(),
                    StepStatus.RUNNING, step.status() == StepStatus.RUNNING ? AnswerSteps.RESUMED + ": reading the VM first" : null,
                    step.startedAt() == null ? clock.instant() : step.startedAt(), null);
            answers.updateStep(id, running);
            AnswerStep ended = steps.run(running);
            answers.updateStep(id, ended);
            registry.counter(MetricNames.ANSWER_STEPS, "pool", pool, "action", ended.action(), MetricNames.TAG_OUTCOME,
                    ended.status().wire()).increment();
            audit.append(new AuditEntry(null, clock.instant(), answer.decidedBy() == null ? "policy" : answer.decidedBy(),
                    "vm." + ended.action(), "vm/" + ended.vmUuid(), ended.outcome(), Map.of("poolId", pool,
                    "answerId", answer.id(), "alertId", answer.alertId(), "status", ended.status().wire())));
            log.warn("event=answer_step pool={} answer={} action={} vm={} vmName=\"{}\" status={} outcome=\"{}\"", pool,
                    answer.id(), ended.action(), ended.vmUuid(), ended.vmName(), ended.status().wire(), ended.outcome());
        }
        AlertAnswer done = answers.get(id).orElseThrow();
        long failed = done.steps().stream().filter(s -> s.status() == StepStatus.FAILED).count();
        long acted = done.steps().stream().filter(s -> s.status() == StepStatus.DONE).count();
        String verb = SHUTDOWN.equals(done.kind()) ? "halted" : "running";
        end(done, failed == 0 ? AnswerState.SUCCEEDED : AnswerState.FAILED, acted + " of " + done.steps().size() + " VMs "
                + verb + (failed == 0 ? "" : ", " + failed + " failed: " + describe(done.steps().stream()
                .filter(s -> s.status() == StepStatus.FAILED).toList())));
    }

    /** The SR is back: offers (advisory) or carries out (automatic) the restart of the VMs the shutdown halted. */
    private void offerRestart(AlertAnswer shutdown, PolicyMode mode) {
        List<AnswerStep> halted = shutdown.steps().stream()
                .filter(s -> s.status() == StepStatus.DONE && !AnswerSteps.ALREADY_HALTED.equals(s.outcome())).toList();
        Instant now = clock.instant();
        String reason = "the SR " + shutdown.subject() + " is attached again: restarting the " + halted.size()
                + " VMs halted by answer " + shutdown.id();
        List<AnswerStep> restartSteps = new ArrayList<>();
        for (AnswerStep s : halted) {
            restartSteps.add(new AnswerStep(restartSteps.size(), AnswerSteps.START, s.vmUuid(), s.vmName(), null,
                    StepStatus.PENDING, null, null, null));
        }
        Optional<AlertAnswer> created = answers.create(Long.parseLong(shutdown.alertId()), pool, RESTART,
                AnswerState.WAITING, shutdown.subject(), reason, now, null, now, restartSteps);
        if (created.isEmpty()) {
            return;
        }
        AlertAnswer restart = created.get();
        changed(restart, actor(mode), "answer.wait", reason);
        // A pool turned manual meanwhile is still offered the restart: halting was the policy's doing.
        decide(restart, List.of(), mode == PolicyMode.MANUAL ? PolicyMode.ADVISORY : mode, now);
    }

    private void end(AlertAnswer answer, AnswerState to, String reason) {
        if (answers.transition(UUID.fromString(answer.id()), answer.state(), to, reason, null, clock.instant())) {
            registry.counter(MetricNames.ANSWERS_ENDED, "pool", pool, MetricNames.TAG_KIND, answer.kind(),
                    MetricNames.TAG_OUTCOME, to.wire()).increment();
            changed(answers.get(UUID.fromString(answer.id())).orElseThrow(), "policy", "answer." + to.wire(), reason);
        }
    }

    private void changed(AlertAnswer answer, String actor, String action, String reason) {
        audit.append(new AuditEntry(null, clock.instant(), actor, action, "answer/" + answer.id(), reason,
                Map.of("poolId", pool, "kind", answer.kind(), "alertId", answer.alertId(), "state", answer.state().wire())));
        log.info("event=answer_state pool={} answer={} kind={} alert={} state={} reason=\"{}\"", pool, answer.id(),
                answer.kind(), answer.alertId(), answer.state().wire(), reason);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("answerId", answer.id());
        data.put("alertId", answer.alertId());
        data.put("poolId", pool);
        data.put("kind", answer.kind());
        data.put("state", answer.state().wire());
        data.put("reason", reason);
        events.publish(EVENT, data);
    }

    private static String actor(PolicyMode mode) {
        return mode == PolicyMode.AUTOMATIC ? Autopilot.AUTOMATIC_ACTOR : Autopilot.ADVISORY_ACTOR;
    }

    private static String describe(List<AnswerStep> steps) {
        return steps.size() + " VM" + (steps.size() == 1 ? "" : "s") + " (" + String.join(", ", steps.stream()
                .map(s -> s.vmName() + " (" + s.vmUuid() + ")").toList()) + ")";
    }
}
