package io.poolpilot.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.poolpilot.daemon.store.StorageFlavour;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code poolpilot.yaml}, then lets environment variables override any scalar:
 * {@code POOLPILOT_DATABASE_URL} sets {@code database.url}, {@code POOLPILOT_COLLECT_INTERVAL_SECONDS}
 * sets {@code collect.intervalSeconds} (camelCase keys become UPPER_SNAKE segments).
 */
public final class ConfigLoader {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public DaemonConfig load(Path file, Map<String, String> environment) {
        if (!Files.exists(file)) {
            throw new ConfigException(file + ": no such config file (copy config/poolpilot.yaml and edit it)");
        }
        try {
            return fromTree(yaml.readTree(file.toFile()), environment, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
        }
    }

    public DaemonConfig parse(String yamlText, Map<String, String> environment) {
        try {
            return fromTree(yaml.readTree(yamlText), environment, "<config>");
        } catch (IOException e) {
            throw new ConfigException("<config>: not valid YAML: " + e.getMessage());
        }
    }

    private DaemonConfig fromTree(JsonNode parsed, Map<String, String> environment, String source) {
        ObjectNode root = parsed instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        EnvironmentOverrides.apply(root, environment);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ConfigKeys.TOP_LEVEL.contains(name)) {
                throw new ConfigException(source + ": unknown key '" + name + "' (known: " + ConfigKeys.TOP_LEVEL + ")");
            }
        }
        try {
            return new DaemonConfig(
                    path(root, "workDir"),
                    root.path("managementPort").asInt(9464),
                    database(root.path("database")),
                    collect(root.path("collect")),
                    journal(root.path("journal")),
                    root.path("liveWindowMinutes").asInt(0),
                    pools(root.path("pools")),
                    control(root.path("control")),
                    planner(root.path("planner")),
                    usage(root.path("usage")),
                    detect(root.path("detect")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static DatabaseConfig database(JsonNode node) {
        requireKnownKeys(node, "database", ConfigKeys.DATABASE);
        DatabasePool pool = new DatabasePool(
                wholeOr(node, "database.", "maxConnections", DatabasePool.DEFAULT_MAX_CONNECTIONS),
                java.time.Duration.ofSeconds(wholeOr(node, "database.", "connectionTimeoutSeconds",
                        DatabasePool.DEFAULT_CONNECTION_TIMEOUT_SECONDS)),
                java.time.Duration.ofSeconds(wholeOr(node, "database.", "validationTimeoutSeconds",
                        DatabasePool.DEFAULT_VALIDATION_TIMEOUT_SECONDS)),
                java.time.Duration.ofMinutes(wholeOr(node, "database.", "maxLifetimeMinutes",
                        DatabasePool.DEFAULT_MAX_LIFETIME_MINUTES)));
        String flavour = text(node, "flavour");
        StorageFlavour.Choice choice;
        try {
            choice = flavour == null ? StorageFlavour.Choice.AUTO : StorageFlavour.Choice.parse(flavour);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new DatabaseConfig(text(node, "url"), text(node, "username"), secret(node, "password"), pool, choice);
    }

    private static CollectConfig collect(JsonNode node) {
        return new CollectConfig(node.path("intervalSeconds").asInt(0), node.path("eventTimeoutSeconds").asInt(0),
                node.path("maxBackoffSeconds").asInt(0), node.path("callTimeoutSeconds").asInt(0),
                node.path("maxConcurrentCalls").asInt(0), text(node, "billingAccountKey"));
    }

    private static ControlConfig control(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ControlConfig.defaults();
        }
        return new ControlConfig(text(node, "apiHost"), node.path("apiPort").asInt(ControlConfig.DEFAULT_API_PORT),
                path(node, "tokensFile"),
                node.has("leaseSeconds") ? java.time.Duration.ofMillis((long) (node.path("leaseSeconds").asDouble() * 1000)) : null,
                node.has("planTtlMinutes") ? java.time.Duration.ofMinutes(node.path("planTtlMinutes").asLong()) : null,
                node.path("maxParallelMigrations").asInt(0), node.path("maxMigrationsPerHost").asInt(0), null,
                node.path("plannerMoveLimit").asLong(0), console(node.path("console")));
    }

    private static ConsoleConfig console(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ConsoleConfig.defaults();
        }
        requireKnownKeys(node, "control.console", ConfigKeys.CONSOLE);
        return new ConsoleConfig(
                node.has("ticketSeconds") ? java.time.Duration.ofMillis((long) (node.path("ticketSeconds").asDouble() * 1000)) : null,
                node.path("maxPerUser").asInt(0), node.path("maxTotal").asInt(0),
                node.has("idleMinutes") ? java.time.Duration.ofMillis((long) (node.path("idleMinutes").asDouble() * 60_000)) : null);
    }

    /** Keys of {@code planner:}; an unknown one is refused (a misspelt weight would silently be the default). */

    private static PlannerConfig planner(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return PlannerConfig.defaults();
        }
        requireKnownKeys(node, "planner", ConfigKeys.PLANNER);
        io.poolpilot.planner.Weights d = io.poolpilot.planner.Weights.DEFAULT;
        io.poolpilot.planner.Weights weights = new io.poolpilot.planner.Weights(
                weight(node, "cpuBalanceWeight", d.cpuBalance()), weight(node, "memoryBalanceWeight", d.memoryBalance()),
                weight(node, "cpuPeakWeight", d.cpuPeak()), weight(node, "migrationCostPerMiB", d.migrationPerMiB()),
                weight(node, "minGainPerMigration", d.minGainPerMigration()),
                weight(node, "cooldownPenalty", d.cooldownPenalty()), d.hostInUse());
        return new PlannerConfig(number(node, "cpuThresholdPercent"), number(node, "vcpusPerCore"),
                node.has("cooldownMinutes") ? java.time.Duration.ofMinutes(whole(node, "cooldownMinutes")) : null,
                weights);
    }

    /** Refuses a key the section does not have: a misspelt one would silently leave the default in force. */
    private static void requireKnownKeys(JsonNode node, String section, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(section + ": unknown key '" + name + "' (known: "
                        + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static long weight(JsonNode node, String field, long fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        long value = whole(node, field);
        if (value < 0) {
            throw new IllegalArgumentException("planner." + field + " must be >= 0, got " + value);
        }
        return value;
    }

    private static long whole(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().strip().matches("-?\\d+")) {
            return Long.parseLong(value.asText().strip());
        }
        throw new IllegalArgumentException("planner." + field + " must be a whole number, got '" + value.asText() + "'");
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("planner." + field + " must be a number, got '" + value.asText() + "'");
        }
    }

    private static io.poolpilot.daemon.usage.UsageConfig usage(JsonNode node) {
        io.poolpilot.daemon.usage.UsageConfig usage = io.poolpilot.daemon.usage.UsageConfig.defaults();
        if (node.has("latenessMinutes")) {
            usage = usage.withLateness(java.time.Duration.ofMinutes(minutes(node, "usage.latenessMinutes", "latenessMinutes")));
        }
        if (node.has("wallClockGraceMinutes")) {
            usage = usage.withWallClockGrace(java.time.Duration.ofMinutes(
                    minutes(node, "usage.wallClockGraceMinutes", "wallClockGraceMinutes")));
        }
        return usage;
    }

    private static long minutes(JsonNode node, String key, String field) {
        String text = node.get(field).asText().strip();
        if (!text.matches("\\d{1,5}") || Long.parseLong(text) < 1) {
            throw new IllegalArgumentException(key + " must be a whole number of minutes >= 1, got '" + text + "'");
        }
        return Long.parseLong(text);
    }

    /** Keys of {@code detect:}; an unknown one is refused like a planner key. */

    private static DetectConfig detect(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return DetectConfig.defaults();
        }
        requireKnownKeys(node, "detect", ConfigKeys.DETECT);
        return new DetectConfig(wholeOr(node, "detect.", "intervalSeconds", DetectConfig.DEFAULT_INTERVAL_SECONDS),
                wholeOr(node, "detect.", "overloadMinutes", DetectConfig.DEFAULT_OVERLOAD_MINUTES),
                wholeOr(node, "detect.", "storageGraceSeconds", DetectConfig.DEFAULT_STORAGE_GRACE_SECONDS));
    }

    private static int wholeOr(JsonNode node, String section, String field, int fallback) {
        if (!node.has(field) || node.get(field).isNull()) {
            return fallback;
        }
        JsonNode value = node.get(field);
        String text = value.asText().strip();
        if (!(value.isIntegralNumber() || value.isTextual()) || !text.matches("-?\\d{1,9}")) {
            throw new IllegalArgumentException(section + field + " must be a whole number, got '" + value.asText() + "'");
        }
        return Integer.parseInt(text);
    }

    private static JournalSettings journal(JsonNode node) {
        return new JournalSettings(path(node, "dir"), node.path("retentionHours").asInt(0));
    }

    private static List<PoolConfig> pools(JsonNode node) {
        List<PoolConfig> pools = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return pools;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("pools must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode pool = node.get(i);
            try {
                JsonNode tls = pool.path("tls");
                pools.add(new PoolConfig(text(pool, "name"), uri(text(pool, "masterUrl")), text(pool, "username"),
                        secret(pool, "password"),
                        tls.isMissingNode() ? null : new TlsConfig(path(tls, "caFile"), text(tls, "fingerprintSha256"),
                                tls.path("insecure").asBoolean(false))));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("pools[" + i + "]: " + e.getMessage(), e);
            }
        }
        return pools;
    }

    private static SecretRef secret(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : SecretRef.parse(text);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Path path(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Path.of(text);
    }

    private static URI uri(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + text + "'");
        }
    }

}
