package io.poolpilot.xapi;

/** The XAPI error codes PoolPilot reacts to, spelled exactly as XAPI sends them. */
public final class XapiErrorCodes {

    public static final String SESSION_AUTHENTICATION_FAILED = "SESSION_AUTHENTICATION_FAILED";
    public static final String SESSION_INVALID = "SESSION_INVALID";
    public static final String HOST_IS_SLAVE = "HOST_IS_SLAVE";
    public static final String MESSAGE_METHOD_UNKNOWN = "MESSAGE_METHOD_UNKNOWN";
    public static final String MESSAGE_PARAMETER_COUNT_MISMATCH = "MESSAGE_PARAMETER_COUNT_MISMATCH";
    public static final String HANDLE_INVALID = "HANDLE_INVALID";
    public static final String UUID_INVALID = "UUID_INVALID";
    public static final String VM_BAD_POWER_STATE = "VM_BAD_POWER_STATE";
    public static final String HOST_NOT_ENOUGH_FREE_MEMORY = "HOST_NOT_ENOUGH_FREE_MEMORY";
    public static final String HOST_DISABLED = "HOST_DISABLED";
    public static final String HOST_OFFLINE = "HOST_OFFLINE";
    public static final String NO_HOSTS_AVAILABLE = "NO_HOSTS_AVAILABLE";
    public static final String VM_REQUIRES_SR = "VM_REQUIRES_SR";
    public static final String OTHER_OPERATION_IN_PROGRESS = "OTHER_OPERATION_IN_PROGRESS";
    public static final String OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED";
    public static final String VM_IS_TEMPLATE = "VM_IS_TEMPLATE";
    public static final String VM_MIGRATE_FAILED = "VM_MIGRATE_FAILED";
    public static final String TASK_CANCELLED = "TASK_CANCELLED";
    public static final String EVENTS_LOST = "EVENTS_LOST";
    public static final String EVENT_FROM_TOKEN_PARSE_FAILURE = "EVENT_FROM_TOKEN_PARSE_FAILURE";
    public static final String SR_BACKEND_FAILURE_PREFIX = "SR_BACKEND_FAILURE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private XapiErrorCodes() {
    }
}
