package io.poolpilot.xapi.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ObjectInputFilter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Installs a process-wide Java deserialization filter that rejects every class. Apache XML-RPC
 * 3.1.3 deserializes the {@code faultCause} of any server fault with a plain ObjectInputStream
 * (CVE-2019-17570), so a hostile or impersonated XAPI server could otherwise run code in the
 * daemon. PoolPilot never needs Java serialization, so nothing is allowed.
 */
public final class DeserializationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DeserializationGuard.class);
    private static final AtomicLong REJECTED = new AtomicLong();
    private static final ObjectInputFilter REJECT_ALL = new RejectAll();
    private static volatile boolean installed;

    private DeserializationGuard() {
    }

    /**
     * Installs the filter once; later calls return at once. If another process-wide filter is
     * already set (e.g. via {@code -Djdk.serialFilter}), the JDK does not allow replacing it: it is
     * kept only if it rejects the classes Apache XML-RPC would deserialize, otherwise this throws
     * so that no XAPI traffic happens unprotected.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ObjectInputFilter existing = ObjectInputFilter.Config.getSerialFilter();
        if (existing == null) {
            ObjectInputFilter.Config.setSerialFilter(REJECT_ALL);
            LOG.info("event=deserialization_filter_installed policy=reject_all reason=CVE-2019-17570");
        } else if (existing != REJECT_ALL) {
            if (!rejects(existing, Throwable.class) || !rejects(existing, Exception.class)
                    || !rejects(existing, java.util.HashMap.class)) {
                throw new IllegalStateException("a process-wide deserialization filter (" + existing
                        + ") is already installed and allows classes a hostile XAPI server could send"
                        + " (CVE-2019-17570); remove it or make it reject everything, e.g. -Djdk.serialFilter='!*'");
            }
            LOG.info("event=deserialization_filter_kept existing=\"{}\" reason=rejects_xmlrpc_fault_causes", existing);
        }
        installed = true;
    }

    /** How many deserialization attempts the filter has refused since start. */
    public static long rejectedCount() {
        return REJECTED.get();
    }

    private static boolean rejects(ObjectInputFilter filter, Class<?> type) {
        ObjectInputFilter.Status status = filter.checkInput(new ProbeInfo(type));
        return status == ObjectInputFilter.Status.REJECTED;
    }

    private static final class RejectAll implements ObjectInputFilter {
        @Override
        public Status checkInput(FilterInfo info) {
            REJECTED.incrementAndGet();
            if (info.serialClass() != null) {
                LOG.warn("event=deserialization_refused class={} msg=\"Java deserialization is disabled in PoolPilot\"",
                        info.serialClass().getName());
            }
            return Status.REJECTED;
        }

        @Override
        public String toString() {
            return "PoolPilot reject-all filter";
        }
    }

    private record ProbeInfo(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 1;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
