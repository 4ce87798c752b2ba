package io.poolpilot.daemon.collect;

/**
 * What a pool collector remembers about polling one host: where its data ends, whether a poll is
 * running, and the backoff after failures. Touched only on the collector's event loop.
 */
final class HostPollState {

    final String hostUuid;
    /** Newest sample time already journaled for this host (seconds); 0 before the first poll. */
    long lastTimeSeconds;
    boolean inFlight;
    int consecutiveFailures;
    long nextAttemptMillis;

    HostPollState(String hostUuid) {
        this.hostUuid = hostUuid;
    }

    /** Exponential backoff from one interval up to the ceiling, so an unreachable host is retried but never hammered. */
    void failed(long nowMillis, int intervalSeconds, int maxBackoffSeconds) {
        consecutiveFailures++;
        long backoffSeconds = Math.min((long) maxBackoffSeconds,
                (long) intervalSeconds << Math.min(consecutiveFailures - 1, 16));
        nextAttemptMillis = nowMillis + backoffSeconds * 1000L;
    }

    void succeeded(long newestTimeSeconds, long nextDueMillis) {
        consecutiveFailures = 0;
        nextAttemptMillis = nextDueMillis;
        lastTimeSeconds = Math.max(lastTimeSeconds, newestTimeSeconds);
    }

}
