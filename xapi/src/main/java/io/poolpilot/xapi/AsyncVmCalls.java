package io.poolpilot.xapi;

import io.poolpilot.xapi.model.Task;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.wire.XapiCodec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code Async.VM.*} power calls (each answers the task ref to follow) and a blocking wait for a task's
 * end: a guest's clean shutdown can take minutes, longer than one XML-RPC request should stay open.
 */
public final class AsyncVmCalls {

    private final XapiSession session;

    public AsyncVmCalls(XapiSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    public String asyncVmStart(String vmRef, boolean startPaused, boolean force) {
        return ref("Async.VM.start", session.call("Async.VM.start", vmRef, startPaused, force));
    }

    public String asyncVmCleanShutdown(String vmRef) {
        return ref("Async.VM.clean_shutdown", session.call("Async.VM.clean_shutdown", vmRef));
    }

    public String asyncVmHardShutdown(String vmRef) {
        return ref("Async.VM.hard_shutdown", session.call("Async.VM.hard_shutdown", vmRef));
    }

    public String asyncVmCleanReboot(String vmRef) {
        return ref("Async.VM.clean_reboot", session.call("Async.VM.clean_reboot", vmRef));
    }

    public String asyncVmHardReboot(String vmRef) {
        return ref("Async.VM.hard_reboot", session.call("Async.VM.hard_reboot", vmRef));
    }

    public String asyncVmSuspend(String vmRef) {
        return ref("Async.VM.suspend", session.call("Async.VM.suspend", vmRef));
    }

    public String asyncVmResume(String vmRef, boolean startPaused, boolean force) {
        return ref("Async.VM.resume", session.call("Async.VM.resume", vmRef, startPaused, force));
    }

    /**
     * Polls a task until it ends and destroys it. Answers the finished task on success; throws the task's
     * error as {@link XapiFailure} when it failed or was cancelled, and {@link XapiTransportException} when
     * it is still pending at {@code timeout}. Blocking: call from a worker or virtual thread.
     */
    public Task awaitTask(String taskRef, Duration pollInterval, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Task task = XapiClass.TASK.fromWire(taskRef, struct(session.call("task.get_record", taskRef)));
            if (task.status().isFinished()) {
                try {
                    session.call("task.destroy", taskRef);
                } catch (RuntimeException ignored) {
                    // a task that cannot be destroyed expires on its own; its outcome is what matters
                }
                if (task.status() == TaskStatus.SUCCESS) {
                    return task;
                }
                if (task.errorInfo().isEmpty()) {
                    throw new XapiFailure(task.status() == TaskStatus.CANCELLED
                            ? XapiErrorCodes.TASK_CANCELLED : XapiErrorCodes.INTERNAL_ERROR, List.of(taskRef));
                }
                throw XapiFailure.fromErrorDescription(task.errorInfo());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new XapiTransportException("task " + taskRef + " still pending after " + timeout);
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
    }

    private String ref(String method, Object value) {
        try {
            return XapiCodec.ref(value).orElseThrow(() ->
                    new XapiTransportException(method + " returned OpaqueRef:NULL instead of a task"));
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed(method, e);
        }
    }

    private static Map<String, Object> struct(Object value) {
        try {
            return XapiCodec.struct(value);
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed("task.get_record", e);
        }
    }
}
