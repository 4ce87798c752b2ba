package io.poolpilot.simulator.datamodel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * XAPI's classes, their fields and declared types, read from {@code xapi-datamodel.tsv} (derived from
 * xapi-project/xen-api's xenapi.json; the file's header says which commit). The one place the simulator
 * learns what a record holds and how each field goes on the wire.
 */
public final class Datamodel {
    private static final String RESOURCE = "xapi-datamodel.tsv";
    private static final Datamodel XAPI = load();

    /** One class: its name as the API spells it, its fields in datamodel order, and whether it has get_all_records. */
    public record XapiClass(String name, Map<String, FieldType> fields, boolean hasRecords) {
        public FieldType type(String field) {
            return fields.get(field);
        }
    }

    private final Map<String, XapiClass> classes;
    private final Map<String, XapiClass> byLowerName;

    private Datamodel(Map<String, XapiClass> classes) {
        this.classes = Collections.unmodifiableMap(classes);
        Map<String, XapiClass> lower = new HashMap<>();
        classes.values().forEach(c -> lower.put(c.name().toLowerCase(Locale.ROOT), c));
        this.byLowerName = Map.copyOf(lower);
    }

    /** XAPI's datamodel as shipped with the simulator. */
    public static Datamodel xapi() {
        return XAPI;
    }

    /** Every class, in datamodel order. */
    public List<XapiClass> classes() {
        return List.copyOf(classes.values());
    }

    /** The class of that exact name, or null. */
    public XapiClass find(String name) {
        return classes.get(name);
    }

    /** The class of that name in any case (event classes are lower case on the wire), or null. */
    public XapiClass findIgnoringCase(String name) {
        return byLowerName.get(name.toLowerCase(Locale.ROOT));
    }

    public XapiClass require(String name) {
        XapiClass c = classes.get(name);
        if (c == null) {
            throw new IllegalArgumentException("XAPI has no class '" + name + "' in its datamodel");
        }
        return c;
    }

    private static Datamodel load() {
        try (InputStream in = Datamodel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the simulator jar lacks its datamodel resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static Datamodel parse(List<String> lines) {
        Map<String, List<String>> enums = new HashMap<>();
        for (String line : lines) {
            String[] cols = line.split("\t");
            if (cols[0].equals("enum")) {
                enums.put(cols[1], cols.length > 2 ? List.of(cols[2].split(",")) : List.of());
            }
        }
        Map<String, Boolean> records = new LinkedHashMap<>();
        Map<String, LinkedHashMap<String, FieldType>> fields = new LinkedHashMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            switch (cols[0]) {
                case "class" -> {
                    records.put(cols[1], cols[2].equals("records"));
                    fields.put(cols[1], new LinkedHashMap<>());
                }
                case "field" -> {
                    var table = fields.get(cols[1]);
                    if (table == null || cols.length != 4) {
                        throw new IllegalStateException(RESOURCE + " line " + n + ": field of an undeclared class or not 4 columns: " + line);
                    }
                    table.put(cols[2], parseType(cols[3], enums));
                }
                case "enum" -> {
                    // read in the first pass
                }
                default -> throw new IllegalStateException(RESOURCE + " line " + n + ": unknown line kind " + cols[0]);
            }
        }
        Map<String, XapiClass> out = new LinkedHashMap<>();
        records.forEach((name, hasRecords) ->
                out.put(name, new XapiClass(name, Collections.unmodifiableMap(fields.get(name)), hasRecords)));
        return new Datamodel(out);
    }

    /** Parses xenapi.json's type spelling. */
    static FieldType parseType(String spelling, Map<String, List<String>> enums) {
        String t = spelling.trim();
        if (t.endsWith(" map") && t.startsWith("(")) {
            String inner = t.substring(1, t.length() - " map".length() - 1);
            int arrow = topLevelArrow(inner);
            if (arrow < 0) {
                throw new IllegalArgumentException("map type without '->': " + spelling);
            }
            return new FieldType.MapOf(parseType(inner.substring(0, arrow), enums), parseType(inner.substring(arrow + 2), enums));
        }
        if (t.endsWith(" set")) {
            return new FieldType.SetOf(parseType(t.substring(0, t.length() - 4), enums));
        }
        if (t.endsWith(" option")) {
            return new FieldType.Option(parseType(t.substring(0, t.length() - 7), enums));
        }
        if (t.endsWith(" ref")) {
            return new FieldType.Ref(t.substring(0, t.length() - 4));
        }
        if (t.endsWith(" record")) {
            return new FieldType.RecordOf(t.substring(0, t.length() - 7));
        }
        if (t.startsWith("enum ")) {
            String name = t.substring(5);
            return new FieldType.Enum(name, enums.getOrDefault(name, List.of()));
        }
        return switch (t) {
            case "string" -> FieldType.Scalar.STRING;
            case "int" -> FieldType.Scalar.INT;
            case "float" -> FieldType.Scalar.FLOAT;
            case "bool" -> FieldType.Scalar.BOOL;
            case "datetime" -> FieldType.Scalar.DATETIME;
            default -> throw new IllegalArgumentException("unknown XAPI type '" + spelling + "'; known: "
                    + Arrays.asList("string", "int", "float", "bool", "datetime", "X ref", "enum X", "X set", "(K -> V) map"));
        };
    }

    private static int topLevelArrow(String s) {
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == '-' && s.charAt(i + 1) == '>') {
                return i;
            }
        }
        return -1;
    }

    /** Field names of a class as a list (for error messages and tests). */
    public static List<String> fieldNames(XapiClass c) {
        return new ArrayList<>(c.fields().keySet());
    }
}
