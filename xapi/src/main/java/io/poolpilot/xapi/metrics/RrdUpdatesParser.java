package io.poolpilot.xapi.metrics;

import io.poolpilot.xapi.XapiTransportException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams XAPI's rrd_updates answer (the "xport" XML, or its {@code json=true} form) into
 * {@link DataPoint}s without building the document in memory.
 *
 * <p>Rules: NaN is an absent value (counted, not delivered). A legend entry that is not
 * {@code CF:kind:uuid:data_source} is counted and its column skipped. A cell that is not a number
 * is counted and skipped. A row is delivered only once it is complete: if the document is
 * truncated or malformed, every row before the break has been delivered, the broken row is
 * dropped, and an {@link XapiTransportException} says how many rows got through.
 */
public final class RrdUpdatesParser {

    private static final XMLInputFactory XML = newXmlFactory();

    private static XMLInputFactory newXmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // The answer comes from the network: no DTDs, no external entities.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Parses the XML xport form. */
    public RrdParseResult parseXml(InputStream in, Consumer<DataPoint> sink) {
        Table table = new Table(sink);
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(in);
            boolean inMeta = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "meta" -> inMeta = true;
                        case "start" -> table.start = inMeta ? metaLong(r) : table.start;
                        case "end" -> table.end = inMeta ? metaLong(r) : table.end;
                        case "step" -> table.step = inMeta ? metaLong(r) : table.step;
                        case "rows" -> table.declaredRows = inMeta ? (int) metaLong(r) : table.declaredRows;
                        case "columns" -> table.declaredColumns = inMeta ? (int) metaLong(r) : table.declaredColumns;
                        case "entry" -> table.legend(r.getElementText());
                        case "row" -> table.beginRow();
                        case "t" -> table.time(r.getElementText());
                        case "v" -> table.value(r.getElementText());
                        default -> {
                            // xport, legend, data and anything newer: nothing to read here.
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "meta" -> inMeta = false;
                        case "row" -> table.endRow();
                        default -> {
                        }
                    }
                }
            }
            if (!table.sawDocumentContent()) {
                throw new XapiTransportException("rrd_updates answer is not an xport document (no <meta> and no rows)");
            }
        } catch (XMLStreamException e) {
            throw table.broken("malformed or truncated xport XML", e);
        } finally {
            closeQuietly(r);
        }
        return table.result();
    }

    /**
     * Parses the {@code json=true} form. XAPI has written it both as strict JSON and with bare
     * keys ({@code {meta: {start: 1, ...}}}) and bare {@code NaN}; both are accepted.
     */
    public RrdParseResult parseJson(InputStream in, Consumer<DataPoint> sink) {
        Table table = new Table(sink);
        try {
            Lenient json = new Lenient(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024));
            json.expect('{');
            while (json.nextKeyOrEnd()) {
                String key = json.key();
                switch (key) {
                    case "meta" -> jsonMeta(json, table);
                    case "data" -> jsonData(json, table);
                    default -> json.skipValue();
                }
            }
            if (!table.sawDocumentContent()) {
                throw new XapiTransportException("rrd_updates JSON has neither meta nor data");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw table.broken("malformed or truncated rrd_updates JSON", e);
        }
        return table.result();
    }

    private static void jsonMeta(Lenient json, Table table) throws IOException {
        table.metaSeen = true;
        json.expect('{');
        while (json.nextKeyOrEnd()) {
            switch (json.key()) {
                case "start" -> table.start = Long.parseLong(json.scalar());
                case "end" -> table.end = Long.parseLong(json.scalar());
                case "step" -> table.step = Long.parseLong(json.scalar());
                case "rows" -> table.declaredRows = Integer.parseInt(json.scalar());
                case "columns" -> table.declaredColumns = Integer.parseInt(json.scalar());
                case "legend" -> {
                    json.expect('[');
                    while (json.nextElementOrEnd(']')) {
                        table.legend(json.scalar());
                    }
                }
                default -> json.skipValue();
            }
        }
    }

    private static void jsonData(Lenient json, Table table) throws IOException {
        json.expect('[');
        while (json.nextElementOrEnd(']')) {
            json.expect('{');
            table.beginRow();
            while (json.nextKeyOrEnd()) {
                switch (json.key()) {
                    case "t" -> table.time(json.scalar());
                    case "values" -> {
                        json.expect('[');
                        while (json.nextElementOrEnd(']')) {
                            table.value(json.scalar());
                        }
                    }
                    default -> json.skipValue();
                }
            }
            table.endRow();
        }
    }

    private static long metaLong(XMLStreamReader r) throws XMLStreamException {
        String text = r.getElementText().strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new XapiTransportException("xport <meta> field <" + r.getLocalName() + "> is not a number: '" + text + "'");
        }
    }

    private static void closeQuietly(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // Closing a broken stream: the original error is what matters.
            }
        }
    }

    /** A legend column PoolPilot can attribute. */
    private record Column(EntityKind kind, String uuid, String dataSource) {
    }

    /** Accumulates legend and rows, delivers complete rows, keeps the counts. */
    private static final class Table {
        private final Consumer<DataPoint> sink;
        private final List<Column> columns = new ArrayList<>();
        private final Map<String, String> uuids = new HashMap<>();
        long start;
        long end;
        long step;
        int declaredRows;
        int declaredColumns;
        boolean metaSeen;
        private double[] row = new double[64];
        private boolean[] rowBad = new boolean[64];
        private int cells;
        private long rowTime;
        private boolean rowHasTime;
        private boolean inRow;
        private long points;
        private long absent;
        private long skippedValues;
        private int skippedColumns;
        private int rows;

        Table(Consumer<DataPoint> sink) {
            this.sink = sink;
        }

        void legend(String entry) {
            metaSeen = true;
            String e = entry.strip();
            int a = e.indexOf(':');
            int b = a < 0 ? -1 : e.indexOf(':', a + 1);
            int c = b < 0 ? -1 : e.indexOf(':', b + 1);
            if (a <= 0 || b <= a + 1 || c <= b + 1 || c == e.length() - 1) {
                skippedColumns++;
                columns.add(null);
                return;
            }
            String uuid = uuids.computeIfAbsent(e.substring(b + 1, c), u -> u);
            columns.add(new Column(EntityKind.fromLegend(e.substring(a + 1, b)), uuid, e.substring(c + 1)));
        }

        void beginRow() {
            inRow = true;
            cells = 0;
            rowHasTime = false;
        }

        void time(String text) {
            try {
                rowTime = Long.parseLong(text.strip());
                rowHasTime = true;
            } catch (NumberFormatException e) {
                rowHasTime = false; // the row's values are counted as skipped in endRow
            }
        }

        void value(String text) {
            if (cells == row.length) {
                row = Arrays.copyOf(row, cells * 2);
                rowBad = Arrays.copyOf(rowBad, cells * 2);
            }
            double v;
            boolean bad = false;
            String s = text.strip();
            if (s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("-nan") || s.isEmpty() || s.equals("null")) {
                v = Double.NaN;
            } else {
                try {
                    v = Double.parseDouble(s);
                    if (Double.isInfinite(v)) {
                        bad = true;
                    }
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                    bad = true;
                }
            }
            row[cells] = v;
            rowBad[cells] = bad;
            cells++;
        }

        void endRow() {
            inRow = false;
            if (!rowHasTime) {
                skippedValues += cells;
                return;
            }
            int n = columns.size();
            for (int i = 0; i < cells; i++) {
                if (i >= n || rowBad[i]) {
                    skippedValues++;
                    continue;
                }
                Column col = columns.get(i);
                if (col == null) {
                    continue; // already counted once as a skipped column
                }
                double v = row[i];
                if (Double.isNaN(v)) {
                    absent++;
                } else {
                    sink.accept(new DataPoint(col.kind(), col.uuid(), col.dataSource(), rowTime, v));
                    points++;
                }
            }
            rows++;
        }

        boolean sawDocumentContent() {
            return metaSeen || rows > 0;
        }

        XapiTransportException broken(String what, Exception cause) {
            String partial = inRow ? "; the incomplete row was dropped" : "";
            return new XapiTransportException(what + " after " + rows + " complete rows (" + points
                    + " points delivered" + partial + "): " + cause.getMessage(), cause);
        }

        RrdParseResult result() {
            RrdMeta meta = new RrdMeta(start, end, step, Math.max(0, declaredRows), Math.max(0, declaredColumns));
            return new RrdParseResult(meta, points, absent, skippedValues, skippedColumns, rows);
        }
    }

    /** A minimal pull reader for the JSON XAPI writes: quoted or bare keys, bare NaN, no nesting surprises. */
    private static final class Lenient {
        private final Reader in;
        private int peeked = -2;
        private String key;
        private final StringBuilder buf = new StringBuilder(32);

        Lenient(Reader in) {
            this.in = in;
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                peeked = in.read();
            }
            return peeked;
        }

        private int read() throws IOException {
            int c = peek();
            peeked = -2;
            return c;
        }

        private int peekNonSpace() throws IOException {
            while (true) {
                int c = peek();
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    read();
                } else {
                    return c;
                }
            }
        }

        void expect(char ch) throws IOException {
            int c = peekNonSpace();
            if (c != ch) {
                throw new IllegalStateException(c == -1 ? "unexpected end of input, expected '" + ch + "'"
                        : "expected '" + ch + "' but found '" + (char) c + "'");
            }
            read();
        }

        /** Inside an object: true with {@link #key()} set, false at the closing brace. */
        boolean nextKeyOrEnd() throws IOException {
            int c = peekNonSpace();
            if (c == ',') {
                read();
                c = peekNonSpace();
            }
            if (c == '}') {
                read();
                return false;
            }
            if (c == -1) {
                throw new IllegalStateException("unexpected end of input inside an object");
            }
            key = c == '"' ? quoted() : bare();
            expect(':');
            return true;
        }

        String key() {
            return key;
        }

        /** Inside an array: true if an element follows, false at {@code end}. */
        boolean nextElementOrEnd(char end) throws IOException {
            int c = peekNonSpace();
            if (c == ',') {
                read();
                c = peekNonSpace();
            }
            if (c == end) {
                read();
                return false;
            }
            if (c == -1) {
                throw new IllegalStateException("unexpected end of input inside an array");
            }
            return true;
        }

        /** A string, number or bare word, as text. */
        String scalar() throws IOException {
            int c = peekNonSpace();
            if (c == '"') {
                return quoted();
            }
            if (c == '{' || c == '[' || c == -1) {
                throw new IllegalStateException(c == -1 ? "unexpected end of input, expected a value"
                        : "expected a value but found '" + (char) c + "'");
            }
            return bare();
        }

        void skipValue() throws IOException {
            int c = peekNonSpace();
            if (c == '{') {
                read();
                while (nextKeyOrEnd()) {
                    skipValue();
                }
            } else if (c == '[') {
                read();
                while (nextElementOrEnd(']')) {
                    skipValue();
                }
            } else {
                scalar();
            }
        }

        private String quoted() throws IOException {
            read(); // opening quote
            buf.setLength(0);
            while (true) {
                int c = read();
                if (c == -1) {
                    throw new IllegalStateException("unexpected end of input inside a string");
                }
                if (c == '"') {
                    return buf.toString();
                }
                if (c == '\\') {
                    int esc = read();
                    switch (esc) {
                        case 'n' -> buf.append('\n');
                        case 't' -> buf.append('\t');
                        case 'r' -> buf.append('\r');
                        case 'b' -> buf.append('\b');
                        case 'f' -> buf.append('\f');
                        case 'u' -> {
                            char[] hex = new char[4];
                            for (int i = 0; i < 4; i++) {
                                int h = read();
                                if (h == -1) {
                                    throw new IllegalStateException("unexpected end of input in a \\u escape");
                                }
                                hex[i] = (char) h;
                            }
                            buf.append((char) Integer.parseInt(new String(hex), 16));
                        }
                        case -1 -> throw new IllegalStateException("unexpected end of input in an escape");
                        default -> buf.append((char) esc);
                    }
                } else {
                    buf.append((char) c);
                }
            }
        }

        private String bare() throws IOException {
            buf.setLength(0);
            while (true) {
                int c = peek();
                if (c == -1 || c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\n' || c == '\r'
                        || c == '\t') {
                    break;
                }
                buf.append((char) read());
            }
            if (buf.isEmpty()) {
                throw new IllegalStateException(peek() == -1 ? "unexpected end of input, expected a value"
                        : "expected a value but found '" + (char) peek() + "'");
            }
            return buf.toString();
        }
    }
}
