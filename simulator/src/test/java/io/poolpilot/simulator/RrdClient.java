package io.poolpilot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Fetches and parses rrd_updates the way a plain HTTP client would (DOM for XML, Jackson for JSON). */
final class RrdClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A parsed xport: legend, row times (newest first) and values[row][column]. */
    record Xport(long start, long step, long end, List<String> legend, List<Long> times, List<double[]> rows) {
        int column(String suffix) {
            for (int i = 0; i < legend.size(); i++) {
                if (legend.get(i).endsWith(suffix)) {
                    return i;
                }
            }
            throw new AssertionError("no column ending in " + suffix + " in " + legend);
        }

        double latest(String suffix) {
            return rows.getFirst()[column(suffix)];
        }
    }

    private RrdClient() {
    }

    static HttpResponse<String> get(URI host, String session, long start, boolean json) throws Exception {
        URI uri = URI.create(host + "rrd_updates?session_id=" + session + "&start=" + start
                + "&cf=AVERAGE&interval=5&host=true" + (json ? "&json=true" : ""));
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Xport fetch(URI host, String session, long start) throws Exception {
        HttpResponse<String> r = get(host, session, start, false);
        if (r.statusCode() != 200) {
            throw new AssertionError("rrd_updates answered " + r.statusCode() + ": " + r.body());
        }
        return parseXml(r.body());
    }

    static Xport parseXml(String body) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        Element meta = (Element) doc.getElementsByTagName("meta").item(0);
        List<String> legend = new ArrayList<>();
        NodeList entries = meta.getElementsByTagName("entry");
        for (int i = 0; i < entries.getLength(); i++) {
            legend.add(entries.item(i).getTextContent());
        }
        List<Long> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        NodeList rowNodes = doc.getElementsByTagName("row");
        for (int r = 0; r < rowNodes.getLength(); r++) {
            Element row = (Element) rowNodes.item(r);
            times.add(Long.parseLong(row.getElementsByTagName("t").item(0).getTextContent()));
            NodeList vs = row.getElementsByTagName("v");
            double[] values = new double[vs.getLength()];
            for (int c = 0; c < values.length; c++) {
                values[c] = Double.parseDouble(vs.item(c).getTextContent());
            }
            rows.add(values);
        }
        int declaredRows = Integer.parseInt(text(meta, "rows"));
        int declaredColumns = Integer.parseInt(text(meta, "columns"));
        if (declaredRows != rows.size() || declaredColumns != legend.size()) {
            throw new AssertionError("meta says " + declaredRows + "x" + declaredColumns + " but data is "
                    + rows.size() + "x" + legend.size());
        }
        return new Xport(Long.parseLong(text(meta, "start")), Long.parseLong(text(meta, "step")),
                Long.parseLong(text(meta, "end")), legend, times, rows);
    }

    static Xport parseJson(String body) throws Exception {
        JsonNode root = new ObjectMapper().readTree(body);
        JsonNode meta = root.get("meta");
        List<String> legend = new ArrayList<>();
        meta.get("legend").forEach(n -> legend.add(n.asText()));
        List<Long> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (JsonNode row : root.get("data")) {
            times.add(row.get("t").asLong());
            JsonNode values = row.get("values");
            double[] v = new double[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i).asDouble();
            }
            rows.add(v);
        }
        return new Xport(meta.get("start").asLong(), meta.get("step").asLong(), meta.get("end").asLong(), legend, times, rows);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }
}
