package io.poolpilot.simulator.state;

import java.util.ArrayList;
import java.util.List;

/**
 * XAPI's alerts (the {@code message} class): raised for what the simulator does, under the names and
 * priorities of xen-api's ocaml/xapi-consts/api_messages.ml (VM_STARTED 5, VM_SHUTDOWN 5, VM_REBOOTED 5,
 * VM_MIGRATED 5, POOL_MASTER_TRANSITION 4). A dead host raises none: without HA, xapi only turns
 * host_metrics.live false (db_gc.ml, check_host_liveness), and so does the simulator.
 */
public final class Messages {
    /** Kept per pool before the oldest are destroyed (xapi keeps a bounded number too). */
    static final int KEPT = 10_000;

    private Messages() {
    }

    /** Raises a message about an object of class {@code cls} (VM, Host, SR, Pool); emits an add event. */
    public static XObject raise(PoolState pool, String name, long priority, String cls, String objUuid, String body) {
        synchronized (pool) {
            if (pool.count("message") >= KEPT) {
                pool.destroy(pool.all("message").iterator().next());
            }
            String[] ids = pool.freshIds("message");
            XObject m = pool.create("message", ids[0], ids[1]);
            m.set("name", name).set("priority", priority).set("cls", cls).set("obj_uuid", objUuid)
                    .set("timestamp", pool.now()).set("body", body);
            pool.added(m);
            return m;
        }
    }

    static void vm(PoolState pool, String name, XObject vm, String body) {
        raise(pool, name, 5L, "VM", vm.uuid(), body);
    }

    /** message.get_since: messages whose timestamp is after {@code since}, oldest first. */
    public static List<XObject> since(PoolState pool, java.time.Instant since) {
        synchronized (pool) {
            List<XObject> out = new ArrayList<>();
            for (XObject m : pool.all("message")) {
                if (((java.time.Instant) m.get("timestamp")).isAfter(since)) {
                    out.add(m);
                }
            }
            return out;
        }
    }
}
