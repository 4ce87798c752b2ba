package io.poolpilot.daemon.execute;

/** How one migration step ended. */
public sealed interface StepOutcome {

    /** The VM is on its destination (moved now, or found there already). */
    record Done(String detail) implements StepOutcome {
    }

    /**
     * The migration was refused or failed for good; the plan stops as failed.
     *
     * @param detail what happened, in a sentence naming hosts and VMs
     * @param error  XAPI's raw code and parameters, or null when XAPI gave none (timeout, broken connection)
     */
    record Failed(String detail, io.poolpilot.api.model.StepError error) implements StepOutcome {
        public Failed(String detail) {
            this(detail, null);
        }
    }

    /** The pool no longer matches what the step assumed; nothing was moved and the plan stops. */
    record Stale(String detail) implements StepOutcome {
    }

    /** This daemon stopped (lease lost, shutdown) before knowing the result; the next owner finishes it. */
    record Abandoned(String detail) implements StepOutcome {
    }
}
