package io.poolpilot.api.http;

import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON Schema validator's output into the API's field errors: the dotted field each error is
 * about ({@code budgets.maxMigrations}) and a detail an operator can act on ("must be at least 1, got 0"),
 * keeping only the errors at the leaves (not "a subschema had errors" above them).
 */
final class SchemaMessages {
    /** A field (dotted path, "" for the whole value) and what is wrong with it. */
    record Finding(String field, String detail) {
    }

    private static final Pattern REQUIRED = Pattern.compile("Instance does not have required property \"(.+)\"");
    private static final Pattern UNKNOWN = Pattern.compile("Property \"(.+)\" does not match (additional|unevaluated) properties schema");
    private static final Pattern ENUM = Pattern.compile("Instance does not match any of \\[(.*)]");
    private static final Pattern CONST = Pattern.compile("Instance does not match (.+)");
    private static final Pattern TYPE = Pattern.compile("Instance type (\\w+) is invalid\\. Expected (.+)");
    private static final Pattern AT_MOST_EXCLUSIVE = Pattern.compile(".+ is greater than or equal to (.+)");
    private static final Pattern AT_MOST = Pattern.compile(".+ is greater than (.+)");
    private static final Pattern AT_LEAST_EXCLUSIVE = Pattern.compile(".+ is less than or equal to (.+)");
    private static final Pattern AT_LEAST = Pattern.compile(".+ is less than (.+)");
    private static final Pattern MULTIPLE = Pattern.compile(".+ is not a multiple of (.+)");
    private static final Pattern TOO_LONG = Pattern.compile("String is too long \\((\\d+) > (\\d+)\\)");
    private static final Pattern TOO_SHORT = Pattern.compile("String is too short \\((\\d+) < (\\d+)\\)");
    private static final Pattern FORMAT = Pattern.compile("String does not match format \"(.+)\"");
    /** The validator's message for a string that does not match its schema's pattern. */
    static final String PATTERN_MESSAGE = "String does not match pattern";
    private static final Pattern PATTERN = Pattern.compile(PATTERN_MESSAGE);
    /** Errors that only say that something below them failed. */
    private static final Pattern WRAPPER = Pattern.compile("A sub-?schema had errors|Property \".+\" does not match schema"
            + "|Instance does not match \"(then|else)\" schema|Instance does not match every subschema|Items did not match schema"
            + "|Property \".+\" matches pattern .+ but does not match associated schema");

    private SchemaMessages() {
    }

    /**
     * The findings of a failed validation. {@code valueAt} gives the offending value (as JSON text) at an
     * instance pointer, to quote it; null when unknown. {@code pattern} is the regular expression of the
     * value's schema when the caller knows it (parameters), else null.
     */
    static List<Finding> findings(OutputUnit result, UnaryOperator<String> valueAt, String pattern) {
        List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
        List<OutputUnit> leaves = errors.stream().filter(e -> e.getError() != null && !WRAPPER.matcher(e.getError()).matches()).toList();
        Map<String, String> byField = new LinkedHashMap<>();
        for (OutputUnit error : leaves.isEmpty() ? errors : leaves) {
            String pointer = pointer(error.getInstanceLocation());
            String message = error.getError() == null ? "is not valid" : error.getError();
            Matcher required = REQUIRED.matcher(message);
            if (required.matches()) {
                byField.putIfAbsent(dotted(pointer + "/" + required.group(1)), "is required");
            } else {
                byField.putIfAbsent(dotted(pointer), detail(message, valueAt.apply(pointer), pattern));
            }
        }
        // One finding per field, and none for an object when a field inside it has its own (budgets vs budgets.maxGiB).
        List<Finding> findings = new ArrayList<>();
        byField.forEach((field, detail) -> {
            boolean hasInner = byField.keySet().stream().anyMatch(other -> field.isEmpty() ? !other.isEmpty() : other.startsWith(field + "."));
            if (!hasInner) {
                findings.add(new Finding(field, detail));
            }
        });
        return findings;
    }

    /** A detail for one validator message, quoting the value when it is known. */
    static String detail(String message, String value, String pattern) {
        String got = value == null ? "" : ", got " + Exchange.abbreviate(value);
        Matcher m;
        if (UNKNOWN.matcher(message).matches()) {
            return "unknown field";
        }
        if ((m = ENUM.matcher(message)).matches()) {
            return "must be one of [" + m.group(1).replace("\"", "").replace(",", ", ") + "]" + got;
        }
        if ((m = TYPE.matcher(message)).matches()) {
            return "must be " + article(m.group(2).replace("\"", "").replace("[", "").replace("]", "")) + got;
        }
        if ((m = AT_MOST_EXCLUSIVE.matcher(message)).matches()) {
            return "must be less than " + m.group(1) + got;
        }
        if ((m = AT_MOST.matcher(message)).matches()) {
            return "must be at most " + m.group(1) + got;
        }
        if ((m = AT_LEAST_EXCLUSIVE.matcher(message)).matches()) {
            return "must be greater than " + m.group(1) + got;
        }
        if ((m = AT_LEAST.matcher(message)).matches()) {
            return "must be at least " + m.group(1) + got;
        }
        if ((m = MULTIPLE.matcher(message)).matches()) {
            return "must be a multiple of " + m.group(1) + got;
        }
        if ((m = TOO_LONG.matcher(message)).matches()) {
            return "must be at most " + m.group(2) + " characters, got " + m.group(1);
        }
        if ((m = TOO_SHORT.matcher(message)).matches()) {
            return "must be at least " + m.group(2) + " characters" + got;
        }
        if ((m = FORMAT.matcher(message)).matches()) {
            return "must be " + article(m.group(1)) + got;
        }
        if (PATTERN.matcher(message).matches()) {
            return (pattern == null ? "does not have the form /openapi.json documents" : "must match " + pattern) + got;
        }
        if ((m = CONST.matcher(message)).matches()) {
            return "must be " + m.group(1) + got;
        }
        return message + got;
    }

    /** "/budgets/maxGiB" as "budgets.maxGiB". */
    static String dotted(String pointer) {
        String path = pointer(pointer);
        path = path.startsWith("/") ? path.substring(1) : path;
        return path.replace("~1", "/").replace("~0", "~").replace('/', '.');
    }

    /** The validator writes instance locations as URI fragments ("#/budgets/maxGiB"); this is the JSON pointer. */
    static String pointer(String instanceLocation) {
        return instanceLocation == null ? "" : instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    }

    private static String article(String noun) {
        String n = noun.strip();
        return (n.matches("(?i)[aeiou].*") ? "an " : "a ") + n;
    }
}
