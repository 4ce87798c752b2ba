package io.poolpilot.daemon.config;

import io.poolpilot.daemon.store.StorageFlavour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void shippedConfigLoadsWithDefaults() {
        DaemonConfig config = loader.load(Path.of("../config/poolpilot.yaml"), Map.of());
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.collect().intervalSeconds()).isEqualTo(5);
        assertThat(config.managementPort()).isEqualTo(9464);
        assertThat(config.liveWindowMinutes()).isEqualTo(15);
        assertThat(config.pools()).isEmpty();
        assertThat(config.journalDir()).isEqualTo(Path.of("work").resolve("journal"));
        assertThat(config.planner()).isEqualTo(PlannerConfig.defaults());
        assertThat(config.usage()).isEqualTo(io.poolpilot.daemon.usage.UsageConfig.defaults());
        assertThat(config.detect()).isEqualTo(DetectConfig.defaults());
    }

    @Test
    void connectionPoolBoundsComeFromTheFileAndTheEnvironmentWithDefaults() {
        DaemonConfig config = loader.parse("database:\n  maxConnections: 8\n  validationTimeoutSeconds: 1\n",
                Map.of("POOLPILOT_DATABASE_CONNECTION_TIMEOUT_SECONDS", "3"));
        assertThat(config.database().pool()).isEqualTo(new DatabasePool(8, java.time.Duration.ofSeconds(3),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(30)));
        assertThat(loader.parse("{}", Map.of()).database().pool()).isEqualTo(DatabasePool.defaults());
        assertThat(DatabasePool.defaults().maxConnections()).isEqualTo(20);
        assertThat(DatabasePool.defaults().connectionTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void connectionPoolMistakesAreRefusedByName() {
        assertThatThrownBy(() -> loader.parse("database:\n  poolSize: 8\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database: unknown key 'poolSize'");
        assertThatThrownBy(() -> loader.parse("database:\n  maxConnections: 1\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.maxConnections must be 2..1000");
        assertThatThrownBy(() -> loader.parse("database:\n  connectionTimeoutSeconds: 2\n  validationTimeoutSeconds: 2\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.validationTimeoutSeconds (2) must be less than database.connectionTimeoutSeconds (2)");
    }

    @Test
    void storageFlavourIsAutoByDefaultAndCanBeForcedFromTheFileOrTheEnvironment() {
        assertThat(loader.parse("{}", Map.of()).database().flavour()).isEqualTo(StorageFlavour.Choice.AUTO);
        assertThat(loader.parse("database:\n  flavour: TimescaleDB\n", Map.of()).database().flavour())
                .isEqualTo(StorageFlavour.Choice.TIMESCALEDB);
        assertThat(loader.parse("database:\n  flavour: timescaledb\n", Map.of("POOLPILOT_DATABASE_FLAVOUR", "plain"))
                .database().flavour()).isEqualTo(StorageFlavour.Choice.PLAIN);
        assertThatThrownBy(() -> loader.parse("database:\n  flavour: timescale\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.flavour must be auto, plain or timescaledb, got 'timescale'");
    }

    @Test
    void detectionSettingsComeFromTheFileAndTheEnvironment() {
        DaemonConfig config = loader.parse("detect:\n  intervalSeconds: 10\n  overloadMinutes: 3\n",
                Map.of("POOLPILOT_DETECT_INTERVAL_SECONDS", "2"));
        assertThat(config.detect()).isEqualTo(new DetectConfig(2, 3));
        assertThat(loader.parse("{}", Map.of()).detect()).isEqualTo(new DetectConfig(5, 5));
    }

    @Test
    void detectionMistakesAreRefusedByName() {
        assertThatThrownBy(() -> loader.parse("detect:\n  intervalSecs: 3\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect: unknown key 'intervalSecs'");
        assertThatThrownBy(() -> loader.parse("detect:\n  intervalSeconds: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.intervalSeconds must be 1..3600, got 0");
        assertThatThrownBy(() -> loader.parse("detect:\n  overloadMinutes: soon\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.overloadMinutes must be a whole number, got 'soon'");
        assertThatThrownBy(() -> loader.parse("{}", Map.of("POOLPILOT_DETECT_INTERVAL_SECONDS", "2.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.intervalSeconds must be a whole number, got '2.5'");
        assertThatThrownBy(() -> loader.parse("liveWindowMinutes: 4\ndetect:\n  overloadMinutes: 5\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.overloadMinutes (5) must not exceed liveWindowMinutes (4)");
    }

    @Test
    void usageClosingWindowsComeFromTheFileAndTheEnvironment() {
        DaemonConfig config = loader.parse("usage:\n  latenessMinutes: 5\n",
                Map.of("POOLPILOT_USAGE_WALL_CLOCK_GRACE_MINUTES", "20"));
        assertThat(config.usage().lateness()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(config.usage().wallClockGrace()).isEqualTo(java.time.Duration.ofMinutes(20));
        assertThatThrownBy(() -> loader.parse("usage:\n  latenessMinutes: 0\n", Map.of()))
                .hasMessageContaining("usage.latenessMinutes must be a whole number of minutes >= 1, got '0'");
    }

    @Test
    void plannerPolicyComesFromTheFileAndTheEnvironment() {
        DaemonConfig config = loader.parse("""
                planner:
                  cpuThresholdPercent: 75
                  vcpusPerCore: 2.5
                  cooldownMinutes: 20
                  cpuPeakWeight: 12
                """, Map.of("POOLPILOT_PLANNER_COOLDOWN_PENALTY", "0", "POOLPILOT_PLANNER_MIN_GAIN_PER_MIGRATION", "30000"));
        PlannerConfig planner = config.planner();
        assertThat(planner.cpuThresholdPercent()).isEqualTo(75.0);
        assertThat(planner.vcpusPerCore()).isEqualTo(2.5);
        assertThat(planner.cooldown()).isEqualTo(java.time.Duration.ofMinutes(20));
        assertThat(planner.weights().cpuPeak()).isEqualTo(12);
        assertThat(planner.weights().cooldownPenalty()).isZero();
        assertThat(planner.weights().minGainPerMigration()).isEqualTo(30_000);
        assertThat(planner.weights().cpuBalance()).isEqualTo(io.poolpilot.planner.Weights.DEFAULT.cpuBalance());
        assertThat(planner.rules(config.control()).cpuThresholdRatio()).isEqualTo(0.75);
    }

    @Test
    void plannerMistakesAreRefusedByName() {
        assertThatThrownBy(() -> loader.parse("planner:\n  cpuPeakWieght: 3\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'cpuPeakWieght'");
        assertThatThrownBy(() -> loader.parse("planner:\n  cpuThresholdPercent: 180\n", Map.of()))
                .hasMessageContaining("planner.cpuThresholdPercent");
        assertThatThrownBy(() -> loader.parse("planner:\n  cooldownPenalty: -1\n", Map.of()))
                .hasMessageContaining("planner.cooldownPenalty must be >= 0");
        assertThatThrownBy(() -> loader.parse("planner:\n  cooldownMinutes: soon\n", Map.of()))
                .hasMessageContaining("planner.cooldownMinutes must be a whole number");
        assertThatThrownBy(() -> loader.parse("planner:\n  vcpusPerCore: many\n", Map.of()))
                .hasMessageContaining("planner.vcpusPerCore must be a number");
    }

    @Test
    void environmentOverridesNestedCamelCaseKeys() {
        DaemonConfig config = loader.parse("collect:\n  intervalSeconds: 5\n", Map.of(
                "POOLPILOT_COLLECT_INTERVAL_SECONDS", "10",
                "POOLPILOT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/pp",
                "POOLPILOT_DATABASE_USERNAME", "pp",
                "POOLPILOT_MANAGEMENT_PORT", "0",
                "HOME", "/root"));
        assertThat(config.collect().intervalSeconds()).isEqualTo(10);
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/pp");
        assertThat(config.database().embedded()).isFalse();
        assertThat(config.managementPort()).isZero();
    }

    @Test
    void launcherAndGrafanaVariablesAreNotMistakenForConfig() {
        DaemonConfig config = loader.parse("{}", Map.of("POOLPILOT_SKIP_BUILD", "1", "POOLPILOT_PG_HOST", "db:5432",
                "POOLPILOT_JAVA_OPTS", "-Xmx1g"));
        assertThat(config.collect().intervalSeconds()).isEqualTo(5);
    }

    @Test
    void unknownEnvironmentOverrideIsRefusedByName() {
        assertThatThrownBy(() -> loader.parse("{}", Map.of("POOLPILOT_COLLECT_INTERVALL", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POOLPILOT_COLLECT_INTERVALL");
    }

    @Test
    void poolsParseWithSecretReferencesAndTls() {
        DaemonConfig config = loader.parse("""
                pools:
                  - name: a
                    masterUrl: https://127.0.0.1:443/
                    username: root
                    password: env:POOL_A_PASSWORD
                    tls:
                      fingerprintSha256: "%s"
                """.formatted("ab".repeat(32)), Map.of());
        PoolConfig pool = config.pools().getFirst();
        assertThat(pool.masterUrl()).isEqualTo(URI.create("https://127.0.0.1:443/"));
        assertThat(pool.password().resolve(Map.of("POOL_A_PASSWORD", "s3cret"))).isEqualTo("s3cret");
        assertThat(pool.password().toString()).isEqualTo("env:POOL_A_PASSWORD");
        assertThat(pool.tls().fingerprintSha256()).hasSize(64);
    }

    @Test
    void plainPasswordInConfigIsRefusedWithHint() {
        assertThatThrownBy(() -> loader.parse("""
                pools:
                  - name: a
                    masterUrl: http://127.0.0.1/
                    username: root
                    password: hunter2
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pools[0]")
                .hasMessageContaining("env: or file:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> loader.parse("collect:\n  intervalSeconds: 1000\n", Map.of()))
                .hasMessageContaining("collect.intervalSeconds");
        assertThatThrownBy(() -> loader.parse("pools:\n  - name: a\n    masterUrl: ftp://x/\n    username: r\n    password: env:X\n", Map.of()))
                .hasMessageContaining("masterUrl must be http");
        assertThatThrownBy(() -> loader.parse("poools: []\n", Map.of()))
                .hasMessageContaining("unknown key 'poools'");
        assertThatThrownBy(() -> loader.parse("pools:\n  - name: a\n    masterUrl: http://x/\n    username: r\n    password: env:X\n    tls: {insecure: true, fingerprintSha256: \"%s\"}\n".formatted("0".repeat(64)), Map.of()))
                .hasMessageContaining("choose one");
    }

    @Test
    void missingSecretNamesTheVariableNotAValue(@TempDir Path dir) throws Exception {
        SecretRef env = SecretRef.parse("env:NOT_SET_ANYWHERE");
        assertThatThrownBy(() -> env.resolve(Map.of())).hasMessageContaining("export NOT_SET_ANYWHERE");
        Path file = dir.resolve("secret");
        Files.writeString(file, "from-file\n");
        assertThat(SecretRef.parse("file:" + file).resolve(Map.of())).isEqualTo("from-file");
    }
}
