package io.poolpilot.daemon.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * Environment variables over the YAML tree: {@code POOLPILOT_DATABASE_URL} sets {@code database.url}
 * (camelCase keys become UPPER_SNAKE segments); an unknown {@code POOLPILOT_} variable is refused.
 */
final class EnvironmentOverrides {

    private EnvironmentOverrides() {
    }

    /** Applies POOLPILOT_A_B_C=value to the first matching path a.b.c (camelCase keys match UPPER_SNAKE). */
    static void apply(ObjectNode root, Map<String, String> environment) {
        environment.entrySet().stream()
                .filter(e -> e.getKey().startsWith(ConfigKeys.ENV_PREFIX) && !ConfigKeys.NOT_CONFIG.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String rest = e.getKey().substring(ConfigKeys.ENV_PREFIX.length());
                    if (!override(root, rest, e.getValue(), ConfigKeys.SECTIONS)) {
                        throw new ConfigException("environment " + e.getKey() + " names no config key");
                    }
                });
    }

    private static boolean override(ObjectNode root, String envKey, String value, Map<String, Set<String>> schema) {
        for (Map.Entry<String, Set<String>> section : schema.entrySet()) {
            for (String key : section.getValue()) {
                String full = section.getKey().isEmpty() ? snake(key) : snake(section.getKey()) + "_" + snake(key);
                if (full.equals(envKey)) {
                    ObjectNode target = section.getKey().isEmpty() ? root : root.withObjectProperty(section.getKey());
                    target.put(key, value);
                    return true;
                }
            }
        }
        return false;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
    }
}
