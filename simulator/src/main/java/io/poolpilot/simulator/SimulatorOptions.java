package io.poolpilot.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * How to run a scenario.
 *
 * @param port                    XAPI port on every host address; 0 picks one free port usable on all of them
 * @param firstPoolOctet          hosts listen on 127.P.H: P = firstPoolOctet + pool index, H = 1 + host index
 * @param clockRate               simulated seconds per real second (1 = real time, more for tests)
 * @param startTime               simulated instant the scenario starts at
 * @param migrationBandwidthBytesPerSecond memory copy speed of a live migration (simulated time)
 * @param adminPort               admin HTTP port on 127.0.0.1 (0 = pick a free one, -1 = none)
 * @param eventLogCapacity        events kept per pool; older tokens get EVENTS_LOST
 * @param rrdRowsKept             5 s rows an rrd_updates can go back (XAPI keeps 120: ten minutes)
 */
public record SimulatorOptions(int port, int firstPoolOctet, double clockRate, Instant startTime,
                               long migrationBandwidthBytesPerSecond, int adminPort, int eventLogCapacity,
                               int rrdRowsKept) {
    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 but was " + port);
        }
        if (firstPoolOctet < 1 || firstPoolOctet > 254) {
            throw new IllegalArgumentException("firstPoolOctet must be 1..254 but was " + firstPoolOctet);
        }
        if (!(clockRate > 0)) {
            throw new IllegalArgumentException("clockRate must be > 0 (1 = real time) but was " + clockRate);
        }
        if (startTime == null) {
            throw new IllegalArgumentException("startTime is required");
        }
        if (migrationBandwidthBytesPerSecond <= 0) {
            throw new IllegalArgumentException("migrationBandwidthBytesPerSecond must be > 0 but was " + migrationBandwidthBytesPerSecond);
        }
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("adminPort must be -1 (none), 0 (any) or a port but was " + adminPort);
        }
        if (eventLogCapacity < 16) {
            throw new IllegalArgumentException("eventLogCapacity must be >= 16 but was " + eventLogCapacity);
        }
        if (rrdRowsKept < 1) {
            throw new IllegalArgumentException("rrdRowsKept must be >= 1 but was " + rrdRowsKept);
        }
    }

    /** Real time from now, a free port, pools at 127.0.10.x, 1 GiB/s migrations, an admin port picked freely. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, 10, 1.0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                1L << 30, 0, 10_000, 120);
    }

    public SimulatorOptions withPort(int newPort) {
        return new SimulatorOptions(newPort, firstPoolOctet, clockRate, startTime, migrationBandwidthBytesPerSecond,
                adminPort, eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withFirstPoolOctet(int octet) {
        return new SimulatorOptions(port, octet, clockRate, startTime, migrationBandwidthBytesPerSecond, adminPort,
                eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withClockRate(double rate) {
        return new SimulatorOptions(port, firstPoolOctet, rate, startTime, migrationBandwidthBytesPerSecond, adminPort,
                eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withStartTime(Instant start) {
        return new SimulatorOptions(port, firstPoolOctet, clockRate, start, migrationBandwidthBytesPerSecond, adminPort,
                eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withMigrationBandwidth(long bytesPerSecond) {
        return new SimulatorOptions(port, firstPoolOctet, clockRate, startTime, bytesPerSecond, adminPort,
                eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withAdminPort(int newAdminPort) {
        return new SimulatorOptions(port, firstPoolOctet, clockRate, startTime, migrationBandwidthBytesPerSecond,
                newAdminPort, eventLogCapacity, rrdRowsKept);
    }

    public SimulatorOptions withEventLogCapacity(int capacity) {
        return new SimulatorOptions(port, firstPoolOctet, clockRate, startTime, migrationBandwidthBytesPerSecond,
                adminPort, capacity, rrdRowsKept);
    }

    /** Time a migration of {@code memoryBytes} takes in simulated time. */
    public Duration migrationDuration(long memoryBytes) {
        return Duration.ofNanos((long) (memoryBytes * 1e9 / migrationBandwidthBytesPerSecond));
    }
}
