package io.poolpilot.api.model;

/**
 * Why the pool refuses (or refused) a VM action or host maintenance, in the pool's own terms; each kind
 * has one problem type ({@code io.poolpilot.api.http.ProblemType#of}).
 */
public enum Refusal {
    /** The VM's power state does not allow the action (e.g. start a running VM). */
    BAD_POWER_STATE,
    /** The destination host lacks free memory for the VM. */
    NOT_ENOUGH_MEMORY,
    /** The host (source or destination) is down. */
    HOST_OFFLINE,
    /** The destination host is disabled (maintenance). */
    HOST_DISABLED,
    /** No host of the pool can run the VM. */
    NO_HOST_AVAILABLE,
    /** The VM's storage is not reachable from the host. */
    STORAGE_UNREACHABLE,
    /** Another operation on the VM is in progress (e.g. a migration). */
    OPERATION_IN_PROGRESS,
    /** Any other refusal; the detail names the pool's reason. */
    REFUSED,
    /** The pool could not be reached or did not answer in time. */
    UNAVAILABLE
}
