package io.poolpilot.xapi.fake;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads XML-RPC documents the way XAPI does, for the fake servers in tests. */
public final class XmlRpcText {

    /** Inserted verbatim inside {@code <value>}: for types Java values cannot express. */
    public record Raw(String xml) {
    }

    /** A parsed request. */
    public record Call(String method, List<Object> params) {
        public Object param(int i) {
            return params.get(i);
        }
    }

    private XmlRpcText() {
    }

    public static String response(Object value) {
        return "<?xml version=\"1.0\"?>\n<methodResponse><params><param>" + value(value)
                + "</param></params></methodResponse>\n";
    }

    public static String value(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        b.append("<value>");
        switch (v) {
            case Raw raw -> b.append(raw.xml());
            case String s -> b.append("<string>").append(escape(s)).append("</string>");
            case Boolean bool -> b.append("<boolean>").append(bool ? 1 : 0).append("</boolean>");
            case Integer i -> b.append("<int>").append(i).append("</int>");
            case Double d -> b.append("<double>").append(d).append("</double>");
            case Map<?, ?> m -> {
                b.append("<struct>");
                m.forEach((k, val) -> {
                    b.append("<member><name>").append(escape(String.valueOf(k))).append("</name>");
                    write(b, val);
                    b.append("</member>");
                });
                b.append("</struct>");
            }
            case Collection<?> c -> {
                b.append("<array><data>");
                c.forEach(e -> write(b, e));
                b.append("</data></array>");
            }
            case Object[] a -> write(b, List.of(a));
            default -> throw new IllegalArgumentException("fake XAPI cannot write " + v);
        }
        b.append("</value>");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static Call parseCall(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            String method = doc.getElementsByTagName("methodName").item(0).getTextContent().strip();
            List<Object> params = new ArrayList<>();
            NodeList paramNodes = doc.getElementsByTagName("param");
            for (int i = 0; i < paramNodes.getLength(); i++) {
                params.add(parseValue(child((Element) paramNodes.item(i), "value")));
            }
            return new Call(method, params);
        } catch (Exception e) {
            throw new IllegalArgumentException("fake XAPI got an unparseable request: " + new String(body), e);
        }
    }

    private static Object parseValue(Element value) {
        Element typed = firstElement(value);
        if (typed == null) {
            return value.getTextContent();
        }
        String text = typed.getTextContent();
        return switch (typed.getTagName()) {
            case "string", "dateTime.iso8601" -> text;
            case "boolean" -> "1".equals(text.strip());
            case "int", "i4" -> Integer.parseInt(text.strip());
            case "double" -> Double.parseDouble(text.strip());
            case "struct" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Element member : children(typed, "member")) {
                    m.put(child(member, "name").getTextContent(), parseValue(child(member, "value")));
                }
                yield m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                for (Element e : children(child(typed, "data"), "value")) {
                    l.add(parseValue(e));
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("unexpected XML-RPC type " + typed.getTagName());
        };
    }

    private static Element firstElement(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                return el;
            }
        }
        return null;
    }

    private static Element child(Element e, String name) {
        List<Element> found = children(e, name);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no <" + name + "> in <" + e.getTagName() + ">");
        }
        return found.getFirst();
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(name)) {
                out.add(el);
            }
        }
        return out;
    }
}
