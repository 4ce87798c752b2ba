package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;

/** XAPI's error codes as the pool's refusals, in one place (each refusal has its problem type in the API). */
public final class PoolRefusals {

    private PoolRefusals() {
    }

    public static Refusal of(String xapiCode) {
        return switch (xapiCode) {
            case XapiErrorCodes.VM_BAD_POWER_STATE -> Refusal.BAD_POWER_STATE;
            case XapiErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY -> Refusal.NOT_ENOUGH_MEMORY;
            case XapiErrorCodes.HOST_OFFLINE -> Refusal.HOST_OFFLINE;
            case XapiErrorCodes.HOST_DISABLED -> Refusal.HOST_DISABLED;
            case XapiErrorCodes.NO_HOSTS_AVAILABLE -> Refusal.NO_HOST_AVAILABLE;
            case XapiErrorCodes.VM_REQUIRES_SR -> Refusal.STORAGE_UNREACHABLE;
            case XapiErrorCodes.OTHER_OPERATION_IN_PROGRESS -> Refusal.OPERATION_IN_PROGRESS;
            default -> Refusal.REFUSED;
        };
    }

    /** Why an operation failed, from what the pool call threw. */
    public static Operation.Failure failure(RuntimeException thrown) {
        return switch (thrown) {
            case XapiFailure f -> new Operation.Failure(of(f.code()), "the pool refused: " + f.getMessage());
            case XapiTransportException t -> new Operation.Failure(Refusal.UNAVAILABLE,
                    "the pool did not answer: " + t.getMessage());
            default -> new Operation.Failure(Refusal.REFUSED, String.valueOf(thrown.getMessage()));
        };
    }
}
