package io.poolpilot.daemon.config;

import io.poolpilot.daemon.usage.UsageConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Everything the daemon is told at start-up; built by {@link ConfigLoader}, never mutated. */
public record DaemonConfig(Path workDir, int managementPort, DatabaseConfig database, CollectConfig collect,
                           JournalSettings journal, int liveWindowMinutes, List<PoolConfig> pools, ControlConfig control,
                           PlannerConfig planner, UsageConfig usage, DetectConfig detect) {

    /** With the default placement policy. */
    public DaemonConfig(Path workDir, int managementPort, DatabaseConfig database, CollectConfig collect,
                        JournalSettings journal, int liveWindowMinutes, List<PoolConfig> pools, ControlConfig control) {
        this(workDir, managementPort, database, collect, journal, liveWindowMinutes, pools, control, null, null, null);
    }

    /** Without control settings: the API on its default port, default execution settings. */
    public DaemonConfig(Path workDir, int managementPort, DatabaseConfig database, CollectConfig collect,
                        JournalSettings journal, int liveWindowMinutes, List<PoolConfig> pools) {
        this(workDir, managementPort, database, collect, journal, liveWindowMinutes, pools, null, null, null, null);
    }

    public DaemonConfig {
        workDir = workDir == null ? Path.of("work") : workDir;
        database = database == null ? new DatabaseConfig(null, null, null) : database;
        collect = collect == null ? CollectConfig.defaults() : collect;
        journal = journal == null ? JournalSettings.defaults() : journal;
        liveWindowMinutes = liveWindowMinutes == 0 ? 15 : liveWindowMinutes;
        pools = pools == null ? List.of() : List.copyOf(pools);
        control = control == null ? ControlConfig.defaults() : control;
        planner = planner == null ? PlannerConfig.defaults() : planner;
        usage = usage == null ? UsageConfig.defaults() : usage;
        detect = detect == null ? DetectConfig.defaults() : detect;
        if (managementPort < 0 || managementPort > 65535) {
            throw new IllegalArgumentException("managementPort must be 0..65535, got " + managementPort);
        }
        if (liveWindowMinutes < 1 || liveWindowMinutes > 24 * 60) {
            throw new IllegalArgumentException("liveWindowMinutes must be 1..1440, got " + liveWindowMinutes);
        }
        if (detect.overloadMinutes() > liveWindowMinutes) {
            throw new IllegalArgumentException("detect.overloadMinutes (" + detect.overloadMinutes()
                    + ") must not exceed liveWindowMinutes (" + liveWindowMinutes + "): the live window is what it looks at");
        }
        long distinct = pools.stream().map(PoolConfig::name).distinct().count();
        if (distinct != pools.size()) {
            throw new IllegalArgumentException("pool names must be unique: " + pools.stream().map(PoolConfig::name).toList());
        }
        Objects.requireNonNull(workDir);
    }

    /** The journal directory, under the work dir unless configured elsewhere. */
    public Path journalDir() {
        return journal.dir() != null ? journal.dir() : workDir.resolve("journal");
    }

    public DaemonConfig withPools(List<PoolConfig> newPools) {
        return new DaemonConfig(workDir, managementPort, database, collect, journal, liveWindowMinutes, newPools, control, planner, usage, detect);
    }

    public DaemonConfig withWorkDir(Path dir) {
        return new DaemonConfig(dir, managementPort, database, collect, journal, liveWindowMinutes, pools, control, planner, usage, detect);
    }

    public DaemonConfig withControl(ControlConfig newControl) {
        return new DaemonConfig(workDir, managementPort, database, collect, journal, liveWindowMinutes, pools, newControl, planner, usage, detect);
    }

    public DaemonConfig withUsage(UsageConfig newUsage) {
        return new DaemonConfig(workDir, managementPort, database, collect, journal, liveWindowMinutes, pools, control,
                planner, newUsage, detect);
    }

    public DaemonConfig withDetect(DetectConfig newDetect) {
        return new DaemonConfig(workDir, managementPort, database, collect, journal, liveWindowMinutes, pools, control,
                planner, usage, newDetect);
    }
}
