package io.poolpilot.daemon.console;

/**
 * How a console WebSocket ends, as a close code (4000-4999 are the application's, RFC 6455 7.4.2) and a reason
 * a person can read; the page shows the reason and, for {@link #VM_MOVED}, reconnects with a new ticket.
 */
enum CloseReason {
    VIEWER(1000, "viewer", "closed by the viewer"),
    TICKET_UNKNOWN(4001, "ticket-unknown", "console ticket unknown or already used: ask for a new one"),
    TICKET_EXPIRED(4001, "ticket-expired", "console ticket expired: ask for a new one"),
    IDLE(4008, "idle", "closed after no key or pointer input for the idle timeout"),
    VM_NOT_RUNNING(4009, "vm-not-running", "the VM is not running"),
    VM_MOVED(4010, "vm-moved", "the VM moved to another host: reconnect with a new ticket"),
    UNREACHABLE(4011, "unreachable", "the VM's console cannot be reached"),
    CONSOLE_ENDED(4011, "console-ended", "the VM's console closed the connection"),
    LIMIT(4029, "limit", "too many consoles open");

    final short code;
    final String tag;
    final String text;

    CloseReason(int code, String tag, String text) {
        this.code = (short) code;
        this.tag = tag;
        this.text = text;
    }
}
