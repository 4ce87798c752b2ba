package io.poolpilot.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.poolpilot.api.model.Wire;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reader of a JSON object body: refuses unknown fields, names every bad field by its dotted path
 * ({@code budgets.maxMigrations}) and collects all problems into one {@link Violations}.
 */
public final class JsonBody {
    private final ObjectNode node;
    private final String prefix;
    private final Violations violations;

    public JsonBody(ObjectNode node, Violations violations) {
        this(node, "", violations);
    }

    private JsonBody(ObjectNode node, String prefix, Violations violations) {
        this.node = node;
        this.prefix = prefix;
        this.violations = violations;
    }

    public Violations violations() {
        return violations;
    }

    public void allowOnly(String... fields) {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                violations.add("body", prefix + name, "unknown field; allowed here: " + List.of(fields));
            }
        }
    }

    private JsonNode value(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private void missing(String field) {
        violations.add("body", prefix + field, "is required");
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required) {
        JsonNode value = value(field);
        if (value == null) {
            if (required) {
                missing(field);
            }
            return null;
        }
        Optional<E> parsed = value.isTextual() ? Wire.parse(type, value.textValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            violations.add("body", prefix + field, "must be one of " + Wire.choices(type) + ", got " + Exchange.abbreviate(value.toString()));
        }
        return parsed.orElse(null);
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    public Integer integer(String field, int min, int max, Integer fallback) {
        JsonNode value = value(field);
        if (value == null) {
            if (fallback == null) {
                missing(field);
            }
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            violations.add("body", prefix + field, "must be an integer " + min + ".." + max + ", got " + Exchange.abbreviate(value.toString()));
            return null;
        }
        return value.intValue();
    }

    /** A finite number in ({@code exclusiveMin} ? (min : [min) .. max], or {@code fallback} when absent. */
    public Double number(String field, double min, boolean exclusiveMin, double max, Double fallback) {
        JsonNode value = value(field);
        if (value == null) {
            if (fallback == null) {
                missing(field);
            }
            return fallback;
        }
        double d = value.isNumber() ? value.doubleValue() : Double.NaN;
        boolean aboveMin = exclusiveMin ? d > min : d >= min;
        if (!Double.isFinite(d) || !aboveMin || d > max) {
            violations.add("body", prefix + field, "must be a number " + (exclusiveMin ? "> " : ">= ") + fmt(min)
                    + " and <= " + fmt(max) + ", got " + Exchange.abbreviate(value.toString()));
            return null;
        }
        return d;
    }

    /** A string of at most {@code maxLength} characters without control characters. */
    public String text(String field, int maxLength, boolean required) {
        JsonNode value = value(field);
        if (value == null) {
            if (required) {
                missing(field);
            }
            return null;
        }
        if (!value.isTextual()) {
            violations.add("body", prefix + field, "must be a string");
            return null;
        }
        String text = value.textValue();
        if (text.isBlank()) {
            if (required) {
                violations.add("body", prefix + field, "must not be blank");
            }
            return null; // an optional blank is the same as absent
        }
        if (text.length() > maxLength) {
            violations.add("body", prefix + field, "must be at most " + maxLength + " characters, got " + text.length());
            return null;
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            violations.add("body", prefix + field, "must not contain control characters or line breaks");
            return null;
        }
        return text;
    }

    /** The nested object {@code field}, or null when absent (or not an object: then a violation). */
    public JsonBody object(String field, boolean required) {
        JsonNode value = value(field);
        if (value == null) {
            if (required) {
                missing(field);
            }
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            violations.add("body", prefix + field, "must be a JSON object");
            return null;
        }
        return new JsonBody(object, prefix + field + ".", violations);
    }

    public void reject(String field, String detail) {
        violations.add("body", prefix + field, detail);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
