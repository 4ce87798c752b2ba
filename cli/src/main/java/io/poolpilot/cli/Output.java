package io.poolpilot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Prints results as aligned tables for people or as JSON (what the server sent) for scripts. */
public final class Output {

    /** The {@code --output} choices. */
    public enum Format { table, json }

    private final Format format;
    private final PrintWriter out;

    public Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public Format format() {
        return format;
    }

    /** A list: a JSON array of the items, or one row per item. */
    public void list(List<JsonNode> items, List<Column> columns) {
        if (format == Format.json) {
            ArrayNode array = ControlApi.JSON.createArrayNode();
            items.forEach(array::add);
            json(array);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode item : items) {
            rows.add(columns.stream().map(c -> c.cell().apply(item)).toList());
        }
        table(columns.stream().map(Column::header).toList(), rows);
    }

    /** One resource: the JSON object, or one "field  value" line per scalar field (nested objects one level deep). */
    public void one(JsonNode item) {
        if (format == Format.json) {
            json(item);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isContainerNode()) {
                rows.add(List.of(field.getKey(), Column.text(field.getValue())));
            } else if (field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(inner -> {
                    if (!inner.getValue().isContainerNode()) {
                        rows.add(List.of(field.getKey() + "." + inner.getKey(), Column.text(inner.getValue())));
                    }
                });
            }
        }
        table(null, rows);
    }

    /** Text as it came (CSV). */
    public void raw(String text) {
        out.print(text);
        out.flush();
    }

    public void json(JsonNode node) {
        try {
            out.println(ControlApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A plain line, in table mode only (json mode prints nothing but JSON). */
    public void line(String text) {
        if (format == Format.table) {
            out.println(text);
            out.flush();
        }
    }

    private void table(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (headers != null) {
            all.add(headers);
        }
        all.addAll(rows);
        int columns = all.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
