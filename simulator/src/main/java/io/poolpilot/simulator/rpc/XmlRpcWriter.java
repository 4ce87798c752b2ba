package io.poolpilot.simulator.rpc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * XML-RPC answers as xapi writes them, by hand: strings as bare {@code <value>text</value>}, int64
 * (Long) as strings, Int32 (Integer, e.g. event.from's valid_ref_counts) as {@code <i4>}, maps as
 * structs (also when empty), datetimes as {@code dateTime.iso8601}.
 */
public final class XmlRpcWriter {
    /** XAPI's datetime form on the wire, e.g. 20261125T09:36:02Z. */
    public static final DateTimeFormatter XAPI_DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private XmlRpcWriter() {
    }

    public static String success(Object value) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>")
                .append("<member><name>Status</name><value>Success</value></member>")
                .append("<member><name>Value</name>");
        writeValue(sb, value);
        sb.append("</member></struct></value></param></params></methodResponse>");
        return sb.toString();
    }

    /** A result without XAPI's Status/Value wrapper: what xapi answers for system.listMethods. */
    public static String bare(Object value) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?><methodResponse><params><param>");
        writeValue(sb, value);
        sb.append("</param></params></methodResponse>");
        return sb.toString();
    }

    public static String failure(List<String> errorDescription) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>")
                .append("<member><name>Status</name><value>Failure</value></member>")
                .append("<member><name>ErrorDescription</name>");
        writeValue(sb, errorDescription);
        sb.append("</member></struct></value></param></params></methodResponse>");
        return sb.toString();
    }

    static void writeValue(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("<value></value>");
            case String s -> {
                sb.append("<value>");
                escape(sb, s);
                sb.append("</value>");
            }
            case Long l -> sb.append("<value>").append(l).append("</value>");
            case Integer i -> sb.append("<value><i4>").append(i).append("</i4></value>");
            case Double d -> sb.append("<value><double>").append(formatDouble(d)).append("</double></value>");
            case Boolean b -> sb.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>");
            case Instant t -> sb.append("<value><dateTime.iso8601>").append(XAPI_DATETIME.format(t))
                    .append("</dateTime.iso8601></value>");
            case List<?> list -> {
                sb.append("<value><array><data>");
                for (Object o : list) {
                    writeValue(sb, o);
                }
                sb.append("</data></array></value>");
            }
            case Map<?, ?> map -> {
                sb.append("<value><struct>");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    sb.append("<member><name>");
                    escape(sb, String.valueOf(e.getKey()));
                    sb.append("</name>");
                    writeValue(sb, e.getValue());
                    sb.append("</member>");
                }
                sb.append("</struct></value>");
            }
            default -> {
                sb.append("<value>");
                escape(sb, v.toString());
                sb.append("</value>");
            }
        }
    }

    /** Plain decimal notation: XML-RPC's double has no exponent. */
    static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        return new BigDecimal(Double.toString(d)).toPlainString();
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
    }
}
