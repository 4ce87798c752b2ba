package io.poolpilot.daemon.billing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One suspend or resume of an account, with what happened to each of its VMs so far (progress is
 * stored after every VM, so a caller can poll it while it runs).
 */
public record ControlOperation(UUID id, String account, Action action, Mode mode, String reason, String actor,
                               State state, Instant startedAt, Instant finishedAt, List<VmStep> steps) {

    /** What was asked. */
    public enum Action { SUSPEND, RESUME }

    /** How a suspension stops VMs: suspend to disk (memory kept) or clean shutdown. */
    public enum Mode { SUSPEND, SHUTDOWN }

    /** RUNNING while VMs are handled; SUCCEEDED when every step is done or had nothing to do; FAILED when a step failed. */
    public enum State { RUNNING, SUCCEEDED, FAILED }

    /** What happened to one VM. */
    public enum Outcome { STOPPED, STARTED, ALREADY_DONE, LEFT_ALONE, FAILED }

    /** One VM's step: its state before, what was done and how it ended. */
    public record VmStep(String pool, String vmUuid, String vmName, String powerStateBefore, Outcome outcome,
                         String detail) {
    }

    public ControlOperation {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("account must be non-blank, got '" + account + "'");
        }
        if (action == Action.SUSPEND && mode == null) {
            throw new IllegalArgumentException("a suspension needs a mode (suspend or shutdown)");
        }
        steps = List.copyOf(steps);
    }

    ControlOperation with(State newState, Instant newFinishedAt, List<VmStep> newSteps) {
        return new ControlOperation(id, account, action, mode, reason, actor, newState, startedAt,
                newFinishedAt == null ? finishedAt : newFinishedAt, newSteps);
    }
}
