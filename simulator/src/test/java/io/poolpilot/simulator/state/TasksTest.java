package io.poolpilot.simulator.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.simulator.SimulatedClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tasks move pending -> success/failure once, and finished ones are garbage-collected past a cap. */
class TasksTest {
    private final PoolState pool = new PoolState("p", "pw", 1, new SimulatedClock(Instant.parse("2026-11-25T00:00:00Z"), 1), 64);

    @Test
    void finishedTasksBeyondTheCapAreDestroyedOldestFirstAndPendingOnesKept() {
        XObject pending = Tasks.create(pool, "Async.VM.pool_migrate");
        XObject first = null;
        for (int i = 0; i < Tasks.FINISHED_KEPT + 10; i++) {
            XObject t = Tasks.create(pool, "Async.host.enable");
            Tasks.succeed(pool, t, null);
            if (first == null) {
                first = t;
            }
        }
        assertThat(pool.count("task")).isLessThanOrEqualTo(Tasks.FINISHED_KEPT + 1);
        assertThat(pool.find(pending.ref())).isNotNull();
        assertThat(pool.find(first.ref())).isNull();
    }

    @Test
    void aFinishedTaskNeverChangesAgain() {
        XObject t = Tasks.create(pool, "Async.VM.start");
        Tasks.fail(pool, t, new XapiException("VM_BAD_POWER_STATE", "vm", "halted", "running"));
        Tasks.succeed(pool, t, "OpaqueRef:x");
        assertThat(t.str("status")).isEqualTo("failure");
        assertThat(t.refs("error_info")).containsExactly("VM_BAD_POWER_STATE", "vm", "halted", "running");
        assertThat(t.str("result")).isEmpty();
    }

    @Test
    void resultIsXmlEncodedAsXapiDoes() {
        XObject t = Tasks.create(pool, "Async.VM.clone");
        Tasks.succeed(pool, t, "OpaqueRef:abc");
        assertThat(t.str("result")).isEqualTo("<value>OpaqueRef:abc</value>");
        assertThat(t.get("progress")).isEqualTo(1.0);
    }
}
