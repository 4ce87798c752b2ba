package io.poolpilot.simulator.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** XAPI tasks: created pending, progress 0..1, then success (with an XML-encoded result) or failure. */
public final class Tasks {
    /** Finished tasks kept per pool before the oldest are destroyed (xapi garbage-collects them too). */
    static final int FINISHED_KEPT = 1000;

    private Tasks() {
    }

    /** task.create: a pending task a client made itself (to pass as task_id to an HTTP call). */
    public static XObject createFor(PoolState pool, String label, String description) {
        synchronized (pool) {
            XObject task = create(pool, label);
            task.set("name_description", description);
            pool.changed(task);
            return task;
        }
    }

    public static XObject create(PoolState pool, String method) {
        synchronized (pool) {
            collectGarbage(pool);
            String[] ids = pool.freshIds("task");
            XObject task = pool.create("task", ids[0], ids[1]);
            task.set("name_label", method).set("name_description", "").set("status", "pending").set("progress", 0.0)
                    .set("created", pool.now()).set("finished", Instant.EPOCH).set("result", "")
                    .set("error_info", List.of()).set("resident_on", pool.masterRef()).set("type", "<none/>")
                    .set("other_config", Map.of()).set("subtask_of", PoolState.NULL_REF).set("subtasks", List.of())
                    .set("allowed_operations", List.of("cancel")).set("current_operations", Map.of())
                    .set("backtrace", "()");
            pool.added(task);
            return task;
        }
    }

    private static void collectGarbage(PoolState pool) {
        if (pool.count("task") < FINISHED_KEPT) {
            return;
        }
        java.util.List<XObject> finished = pool.allCopy("task").stream().filter(t -> !isPending(t)).toList();
        for (int i = 0; i <= finished.size() - FINISHED_KEPT; i++) {
            pool.destroy(finished.get(i));
        }
    }

    public static boolean isPending(XObject task) {
        String status = task.str("status");
        return status.equals("pending") || status.equals("cancelling");
    }

    public static void progress(PoolState pool, XObject task, double progress) {
        synchronized (pool) {
            if (isPending(task) && pool.find(task.ref()) != null) {
                task.set("progress", Math.min(1.0, progress));
                pool.changed(task);
            }
        }
    }

    /** Marks success; {@code value} is a ref string or null for void, encoded as XAPI does in task.result. */
    public static void succeed(PoolState pool, XObject task, Object value) {
        synchronized (pool) {
            if (!isPending(task) || pool.find(task.ref()) == null) {
                return;
            }
            String result = value == null ? "" : "<value>" + escape(value.toString()) + "</value>";
            task.set("status", "success").set("progress", 1.0).set("result", result).set("finished", pool.now())
                    .set("allowed_operations", List.of());
            pool.changed(task);
        }
    }

    public static void fail(PoolState pool, XObject task, XapiException error) {
        synchronized (pool) {
            if (!isPending(task) || pool.find(task.ref()) == null) {
                return;
            }
            boolean cancelled = error.code().equals("TASK_CANCELLED");
            task.set("status", cancelled ? "cancelled" : "failure").set("progress", 1.0)
                    .set("error_info", error.errorDescription()).set("finished", pool.now())
                    .set("allowed_operations", List.of());
            pool.changed(task);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
