package io.poolpilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of other processes (PostgreSQL, the simulator), read from /proc in clock ticks of 1/100 s. */
public final class ProcessCpu {

    public static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** utime + stime of one process; 0 when it is gone. */
    public static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of the postmaster of {@code dataDirectory} and its direct children (the backends). */
    public static long postmasterTicks(Path dataDirectory) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
            long total = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(name);
                        long ppid = Long.parseLong(f[1]);
                        if (pid == postmaster || ppid == postmaster) {
                            total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // The process ended while we looked.
                    }
                }
            }
            return total;
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU ticks of every PostgreSQL process whose command line, or whose parent's, names {@code work}. */
    public static long postgresTicksUnder(Path work) {
        String marker = work.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                        || p.parent().flatMap(pp -> pp.info().commandLine()).map(c -> c.contains(marker)).orElse(false))
                .mapToLong(p -> ticks(p.pid())).sum();
    }
}
