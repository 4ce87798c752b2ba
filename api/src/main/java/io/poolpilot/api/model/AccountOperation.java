package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One suspend or resume of a billing account with what happened to each of its VMs so far; polled at
 * {@code GET /v1/accounts/operations/{id}} while it runs.
 *
 * @param mode       how VMs are stopped; null for a resume
 * @param finishedAt null while running
 */
public record AccountOperation(String id, String account, Action action, SuspendMode mode, String reason, String actor,
                               State state, Instant startedAt, @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedAt,
                               List<VmStep> steps) {

    /** What was asked. */
    public enum Action {
        SUSPEND, RESUME;

        @JsonValue
        public String wire() {
            return Wire.name(this);
        }
    }

    /** running while VMs are handled; succeeded when every VM is done or had nothing to do; failed when one failed. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED;

        @JsonValue
        public String wire() {
            return Wire.name(this);
        }
    }

    /** What happened to one VM. */
    public enum Outcome {
        STOPPED, STARTED, ALREADY_DONE, LEFT_ALONE, FAILED;

        @JsonValue
        public String wire() {
            return Wire.name(this);
        }
    }

    /** One VM's step: its power state before, what was done, and a human-readable detail. */
    public record VmStep(String pool, String vmUuid, String vmName, String powerStateBefore, Outcome outcome, String detail) {
        public VmStep {
            Objects.requireNonNull(vmUuid, "vmUuid");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    public AccountOperation {
        Ids.requireUuid("operation id", id);
        Ids.requireAccountId("account", account);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        if (action == Action.SUSPEND && mode == null) {
            throw new IllegalArgumentException("a suspension of account '" + account + "' needs a mode (suspend|shutdown)");
        }
        if (action == Action.RESUME && mode != null) {
            throw new IllegalArgumentException("a resume has no mode, got " + mode.wire());
        }
        if ((state == State.RUNNING) != (finishedAt == null)) {
            throw new IllegalArgumentException("finishedAt must be set exactly when the operation is over; state "
                    + state.wire() + ", finishedAt " + finishedAt);
        }
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Where the operation can be polled. */
    public String location() {
        return "/v1/accounts/operations/" + id;
    }
}
