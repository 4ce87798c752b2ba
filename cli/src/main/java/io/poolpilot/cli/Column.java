package io.poolpilot.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.function.Function;

/** One column of a table: its header and how a cell is read from an item (a JSON pointer, maybe reformatted). */
public record Column(String header, Function<JsonNode, String> cell) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The value at a JSON pointer as text; empty when absent or null. */
    public static Column of(String header, String pointer) {
        return new Column(header, item -> text(item.at(pointer)));
    }

    /** A byte count shown in GiB with one decimal. */
    public static Column gib(String header, String pointer) {
        return new Column(header, item -> {
            JsonNode v = item.at(pointer);
            return v.isNumber() ? String.format(Locale.ROOT, "%.1f", v.asDouble() / GIB) : "";
        });
    }

    /** A fraction shown as a percentage. */
    public static Column percent(String header, String pointer) {
        return new Column(header, item -> {
            JsonNode v = item.at(pointer);
            return v.isNumber() ? String.format(Locale.ROOT, "%.0f%%", v.asDouble() * 100) : "";
        });
    }

    static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
