package io.poolpilot.xapi.wire;

import io.poolpilot.xapi.XapiTransportException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows how XAPI's types look on XML-RPC: int64 as decimal strings, refs as
 * {@code OpaqueRef:} strings with {@code OpaqueRef:NULL} for none, enums as IDL strings, sets as
 * arrays, maps as structs, datetimes as {@code 20261125T09:36:02Z}. Decoders throw
 * {@link IllegalArgumentException} naming the bad value; {@link WireFields} adds the record context.
 */
public final class XapiCodec {

    /** XAPI's null reference. */
    public static final String NULL_REF = "OpaqueRef:NULL";
    public static final String REF_PREFIX = "OpaqueRef:";

    private XapiCodec() {
    }

    // ---- decoding -------------------------------------------------------------------------

    /** int64: XAPI sends a decimal string; tolerate the integer types Apache XML-RPC may produce. */
    public static long int64(Object value) {
        return switch (value) {
            case String s -> {
                try {
                    yield Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an int64 decimal string, got '" + s + "'", e);
                }
            }
            case Integer i -> i;
            case Long l -> l;
            case null -> throw new IllegalArgumentException("expected an int64, got null");
            default -> throw new IllegalArgumentException("expected an int64, got " + describe(value));
        };
    }

    /** float: a {@code <double>}; also tolerate int64 strings and integers, which XAPI uses in maps. */
    public static double float64(Object value) {
        return switch (value) {
            case Double d -> d;
            case Float f -> f;
            case Integer i -> i;
            case Long l -> l;
            case String s -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a float, got '" + s + "'", e);
                }
            }
            case null -> throw new IllegalArgumentException("expected a float, got null");
            default -> throw new IllegalArgumentException("expected a float, got " + describe(value));
        };
    }

    public static boolean bool(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") || s.equals("1") -> true;
            case String s when s.equalsIgnoreCase("false") || s.equals("0") -> false;
            case null -> throw new IllegalArgumentException("expected a boolean, got null");
            default -> throw new IllegalArgumentException("expected a boolean, got " + describe(value));
        };
    }

    public static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a string, got " + describe(value));
    }

    /** A reference; {@code OpaqueRef:NULL} and the empty string mean "none". */
    public static Optional<String> ref(Object value) {
        String s = string(value);
        return s.isEmpty() || NULL_REF.equals(s) ? Optional.empty() : Optional.of(s);
    }

    /** A set of strings (XML-RPC array). Apache XML-RPC yields {@code Object[]}. */
    public static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object element : elements(value)) {
            out.add(string(element));
        }
        return Collections.unmodifiableList(out);
    }

    /** A set of refs, with null refs dropped. */
    public static List<String> refs(Object value) {
        List<String> out = new ArrayList<>();
        for (Object element : elements(value)) {
            ref(element).ifPresent(out::add);
        }
        return Collections.unmodifiableList(out);
    }

    /** The elements of an XML-RPC array, whichever Java shape Apache XML-RPC chose. */
    public static List<Object> elements(Object value) {
        return switch (value) {
            case Object[] array -> java.util.Arrays.asList(array);
            case Collection<?> c -> new ArrayList<>(c);
            case null -> throw new IllegalArgumentException("expected an array, got null");
            default -> throw new IllegalArgumentException("expected an array, got " + describe(value));
        };
    }

    /**
     * A struct as a map keyed by field name. An empty array is an empty map too: some XAPI versions and
     * JSON encoders write an empty map as {@code <array><data/></array>} or {@code []}.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> struct(Object value) {
        if ((value instanceof Object[] a && a.length == 0) || (value instanceof Collection<?> c && c.isEmpty())) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("expected a struct with string keys, got key " + describe(key));
                }
            }
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a struct, got " + describe(value));
    }

    /** A {@code (string -> string) map}; non-string values (rare, in old XAPIs) are stringified. */
    public static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : struct(value).entrySet()) {
            Object v = e.getValue();
            out.put(e.getKey(), v instanceof String s ? s : String.valueOf(v));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * An enum by its IDL spelling: case, '-' and '_' are ignored, so {@code Halted}, {@code halted}
     * and {@code HALTED} all match. A value this build does not know maps to {@code unknown}, so a
     * newer XAPI cannot crash the client.
     */
    public static <E extends Enum<E>> E enumValue(Class<E> type, Object value, E unknown) {
        String wire = normalise(string(value));
        for (E constant : type.getEnumConstants()) {
            if (normalise(constant.name()).equals(wire)) {
                return constant;
            }
        }
        return unknown;
    }

    /** The IDL spelling XAPI expects for an enum we send: lower case, as in {@code clean_shutdown} options. */
    public static String enumWireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** A datetime, in any of the forms {@link XapiDateTimes} reads. */
    public static Instant dateTime(Object value) {
        return XapiDateTimes.parse(value);
    }

    // ---- encoding -------------------------------------------------------------------------

    /**
     * Converts a call argument to what XAPI expects on XML-RPC: integers become int64 strings,
     * enums their lower-case IDL names, collections arrays, maps structs with converted values.
     * Strings, booleans and doubles pass through.
     */
    public static Object toWire(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("XAPI has no null: pass OpaqueRef:NULL or an empty string");
            case String s -> s;
            case Boolean b -> b;
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Integer i -> Long.toString(i);
            case Long l -> Long.toString(l);
            case Enum<?> e -> enumWireName(e);
            case Instant i -> Date.from(i);
            case Optional<?> o -> o.isPresent() ? toWire(o.get()) : NULL_REF;
            case Collection<?> c -> c.stream().map(XapiCodec::toWire).toArray();
            case Object[] a -> java.util.Arrays.stream(a).map(XapiCodec::toWire).toArray();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), toWire(v)));
                yield out;
            }
            default -> throw new IllegalArgumentException("cannot send " + describe(value) + " to XAPI");
        };
    }

    /** "a String 'x'", "a HashMap" ...: used in messages, never prints whole structures. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String type = value.getClass().getSimpleName();
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String text = String.valueOf(value);
            return "a " + type + " '" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
        }
        return "a " + type;
    }

    private static String normalise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** Wraps a codec error as a transport error naming where it happened. */
    public static XapiTransportException malformed(String where, IllegalArgumentException e) {
        return new XapiTransportException(where + ": " + e.getMessage(), e);
    }
}
