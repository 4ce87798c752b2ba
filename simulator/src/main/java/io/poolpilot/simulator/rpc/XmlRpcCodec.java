package io.poolpilot.simulator.rpc;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML-RPC as XAPI speaks it: calls are parsed with StAX (no DTDs, no external entities), responses are
 * written by hand. Strings go out as bare {@code <value>text</value>}, int64 (Long) as strings and
 * Int32 (Integer, e.g. event.from's valid_ref_counts) as {@code <i4>}, like xapi.
 */
public final class XmlRpcCodec {
    /** XAPI's datetime form on the wire, e.g. 20261125T09:36:02Z. */
    public static final DateTimeFormatter XAPI_DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            INPUT.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // Not every StAX implementation knows the JAXP property; DTDs are off anyway.
        }
    }

    private XmlRpcCodec() {
    }

    /** A parsed methodCall. */
    public record MethodCall(String method, List<Object> params) {
    }

    /** A request body that is not a well-formed methodCall. */
    public static final class MalformedCall extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedCall(String message) {
            super(message);
        }
    }

    public static MethodCall parseCall(byte[] body) throws MalformedCall {
        try {
            XMLStreamReader r = INPUT.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                String method = null;
                List<Object> params = new ArrayList<>();
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "methodName" -> method = r.getElementText().trim();
                            case "value" -> params.add(readValue(r));
                            default -> {
                                // methodCall, params, param: structure only.
                            }
                        }
                    }
                }
                if (method == null || method.isEmpty()) {
                    throw new MalformedCall("no <methodName> in the request");
                }
                return new MethodCall(method, params);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedCall("malformed XML-RPC request: " + e.getMessage());
        }
    }

    /** Reads a value; the reader is on {@code <value>} and ends on {@code </value>}. */
    private static Object readValue(XMLStreamReader r) throws XMLStreamException, MalformedCall {
        StringBuilder text = new StringBuilder();
        Object typed = null;
        boolean sawType = false;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                sawType = true;
                typed = readTyped(r);
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                return sawType ? typed : text.toString();
            } else if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new MalformedCall("document ended inside <value>");
            }
        }
    }

    private static Object readTyped(XMLStreamReader r) throws XMLStreamException, MalformedCall {
        String type = r.getLocalName();
        switch (type) {
            case "string":
                return r.getElementText();
            case "int", "i4", "i8":
                return Long.parseLong(r.getElementText().trim());
            case "boolean": {
                String b = r.getElementText().trim();
                return b.equals("1") || b.equalsIgnoreCase("true");
            }
            case "double":
                return Double.parseDouble(r.getElementText().trim());
            case "dateTime.iso8601":
                return r.getElementText().trim();
            case "base64":
                return Base64.getMimeDecoder().decode(r.getElementText().trim());
            case "nil":
                skipToEnd(r);
                return null;
            case "array": {
                List<Object> out = new ArrayList<>();
                int depth = 1;
                while (depth > 0) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("value")) {
                            out.add(readValue(r));
                        } else {
                            depth++;
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                }
                return out;
            }
            case "struct": {
                Map<String, Object> out = new LinkedHashMap<>();
                String name = null;
                while (true) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "name" -> name = r.getElementText();
                            case "value" -> out.put(name, readValue(r));
                            default -> {
                                // member
                            }
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("struct")) {
                        return out;
                    }
                }
            }
            default:
                throw new MalformedCall("unknown XML-RPC type <" + type + ">");
        }
    }

    private static void skipToEnd(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    // ---- writing -----------------------------------------------------------------------------

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
