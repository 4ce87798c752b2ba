package io.poolpilot.simulator.rpc;

import java.io.ByteArrayInputStream;
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
 * XML-RPC calls as clients send them to XAPI, parsed with StAX (no DTDs, no external entities);
 * {@link XmlRpcWriter} writes the answers.
 */
public final class XmlRpcCodec {
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
}
