package io.poolpilot.daemon.config;

import java.util.Map;
import java.util.Set;

/** Every key {@code poolpilot.yaml} and the environment may set: the one place config key names live. */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /** Prefix of every environment override. */
    public static final String ENV_PREFIX = "POOLPILOT_";

    /**
     * POOLPILOT_ variables that are not daemon config: the launcher's own and the Grafana provisioning's
     * (dashboards/grafana/provisioning). Any other unknown POOLPILOT_ variable is refused as a likely typo.
     */
    public static final Set<String> NOT_CONFIG = Set.of("POOLPILOT_SKIP_BUILD", "POOLPILOT_JAVA_OPTS",
            "POOLPILOT_PG_HOST", "POOLPILOT_PG_DATABASE", "POOLPILOT_PG_USER", "POOLPILOT_PG_PASSWORD",
            "POOLPILOT_PG_SSLMODE", "POOLPILOT_PROMETHEUS_URL");

    static final Set<String> TOP_LEVEL = Set.of(
            "workDir", "managementPort", "database", "collect", "journal", "liveWindowMinutes", "pools", "control",
            "planner", "usage", "detect");

    static final Set<String> PLANNER = Set.of("cpuThresholdPercent", "vcpusPerCore", "cooldownMinutes",
            "cpuBalanceWeight", "memoryBalanceWeight", "cpuPeakWeight", "migrationCostPerMiB", "minGainPerMigration",
            "cooldownPenalty");

    /** Keys of {@code control.console:} (the web console's limits, docs/console.md). */
    static final Set<String> CONSOLE = Set.of("ticketSeconds", "maxPerUser", "maxTotal", "idleMinutes");

    static final Set<String> DETECT = Set.of("intervalSeconds", "overloadMinutes", "storageGraceSeconds");

    static final Set<String> DATABASE = Set.of("url", "username", "password", "flavour", "maxConnections", "connectionTimeoutSeconds",
            "validationTimeoutSeconds", "maxLifetimeMinutes");

    /** Every scalar key an environment variable may set, by section ("" is the top level). */
    static final Map<String, Set<String>> SECTIONS = Map.of(
            "", Set.of("workDir", "managementPort", "liveWindowMinutes"),
            "database", DATABASE,
            "collect", Set.of("intervalSeconds", "eventTimeoutSeconds", "maxBackoffSeconds", "callTimeoutSeconds",
                    "maxConcurrentCalls", "billingAccountKey"),
            "journal", Set.of("dir", "retentionHours"),
            "control", Set.of("apiHost", "apiPort", "tokensFile", "leaseSeconds", "planTtlMinutes", "maxParallelMigrations",
                    "maxMigrationsPerHost", "plannerMoveLimit"),
            "planner", PLANNER,
            "usage", Set.of("latenessMinutes", "wallClockGraceMinutes"),
            "detect", DETECT);
}
