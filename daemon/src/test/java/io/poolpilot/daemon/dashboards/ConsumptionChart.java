package io.poolpilot.daemon.dashboards;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws time series panels (Grafana's dark look, 2 x 2 grid) into a PNG with headless Java2D, so
 * the README can show what the dashboards show without a Grafana.
 */
final class ConsumptionChart {

    private static final Color BACKGROUND = new Color(0x11, 0x12, 0x17);
    private static final Color PANEL = new Color(0x18, 0x1b, 0x1f);
    private static final Color GRID = new Color(0x2c, 0x30, 0x35);
    private static final Color TEXT = new Color(0xcc, 0xcc, 0xdc);
    private static final Color MARK = new Color(0xff, 0x98, 0x30);
    private static final Color[] PALETTE = {new Color(0x73, 0xbf, 0x69), new Color(0xf2, 0xcc, 0x0c),
            new Color(0x56, 0x94, 0xf2), new Color(0xff, 0x78, 0x0a), new Color(0xf2, 0x49, 0x5c),
            new Color(0xb8, 0x77, 0xd9), new Color(0x8a, 0xb8, 0xff), new Color(0x96, 0xd9, 0x8d)};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** A dashboard annotation (a migration): a moment and its text. */
    record Mark(Instant time, String text) {
    }

    /** One point of a series. */
    record Point(Instant time, double value) {
    }

    /** One panel: a title, a unit and named series. */
    record Panel(String title, String unit, Map<String, List<Point>> series) {
        Panel {
            if (series.isEmpty()) {
                throw new IllegalArgumentException("panel '" + title + "' has no series to draw");
            }
        }

        /** From Grafana's long format: time (epoch seconds), metric, value; values multiplied by scale. */
        static Panel fromLongRows(String title, String unit, List<List<Object>> rows, double scale) {
            Map<String, List<Point>> series = new TreeMap<>();
            for (List<Object> row : rows) {
                if (row.get(2) == null) {
                    continue;
                }
                Instant time = Instant.ofEpochMilli(Math.round(((Number) row.get(0)).doubleValue() * 1000));
                series.computeIfAbsent(String.valueOf(row.get(1)), k -> new ArrayList<>())
                        .add(new Point(time, ((Number) row.get(2)).doubleValue() * scale));
            }
            return new Panel(title, unit, series);
        }
    }

    private ConsumptionChart() {
    }

    static void render(List<Panel> panels, List<Mark> marks, String title, Path out) throws IOException {
        int width = 1400;
        int panelHeight = 330;
        int rows = (panels.size() + 1) / 2;
        int height = 50 + rows * (panelHeight + 12);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 14, 30);
        int panelWidth = (width - 36) / 2;
        for (int i = 0; i < panels.size(); i++) {
            int x = 12 + (i % 2) * (panelWidth + 12);
            int y = 44 + (i / 2) * (panelHeight + 12);
            drawPanel(g, panels.get(i), marks, x, y, panelWidth, panelHeight);
        }
        g.dispose();
        Files.createDirectories(out.getParent());
        ImageIO.write(image, "png", out.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel panel, List<Mark> marks, int x, int y, int w, int h) {
        g.setColor(PANEL);
        g.fillRoundRect(x, y, w, h, 6, 6);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(panel.title() + " (" + panel.unit() + ")", x + 10, y + 20);

        Instant from = Instant.MAX;
        Instant to = Instant.MIN;
        double top = 0;
        for (List<Point> points : panel.series().values()) {
            for (Point p : points) {
                from = p.time().isBefore(from) ? p.time() : from;
                to = p.time().isAfter(to) ? p.time() : to;
                top = Math.max(top, p.value());
            }
        }
        top = niceCeiling(top);
        int legendWidth = 120;
        int left = x + 56;
        int right = x + w - legendWidth - 10;
        int upper = y + 34;
        int lower = y + h - 28;
        long spanMillis = Math.max(1, to.toEpochMilli() - from.toEpochMilli());

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int gy = lower - (lower - upper) * i / 4;
            g.setColor(GRID);
            g.drawLine(left, gy, right, gy);
            g.setColor(TEXT);
            String label = String.format(Locale.ROOT, top * i / 4 >= 10 ? "%.0f" : "%.2f", top * i / 4);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), gy + 4);
        }
        for (int i = 0; i <= 5; i++) {
            int gx = left + (right - left) * i / 5;
            g.setColor(GRID);
            g.drawLine(gx, upper, gx, lower);
            g.setColor(TEXT);
            String label = CLOCK.format(from.plusMillis(spanMillis * i / 5));
            g.drawString(label, gx - g.getFontMetrics().stringWidth(label) / 2, lower + 16);
        }

        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
        for (Mark mark : marks) {
            if (mark.time().isBefore(from) || mark.time().isAfter(to)) {
                continue;
            }
            int mx = left + (int) ((right - left) * (mark.time().toEpochMilli() - from.toEpochMilli()) / spanMillis);
            g.setColor(MARK);
            g.drawLine(mx, upper, mx, lower);
            g.drawString(mark.text(), Math.min(mx + 4, right - g.getFontMetrics().stringWidth(mark.text())), upper + 10);
        }
        int colour = 0;
        int legendY = upper + 8;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, List<Point>> s : panel.series().entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            g.setColor(c);
            int[] xs = new int[s.getValue().size()];
            int[] ys = new int[s.getValue().size()];
            for (int i = 0; i < xs.length; i++) {
                Point p = s.getValue().get(i);
                xs[i] = left + (int) ((right - left) * (p.time().toEpochMilli() - from.toEpochMilli()) / spanMillis);
                ys[i] = lower - (int) Math.round((lower - upper) * (top == 0 ? 0 : p.value() / top));
            }
            g.drawPolyline(xs, ys, xs.length);
            g.fillRect(right + 14, legendY - 8, 14, 4);
            g.setColor(TEXT);
            g.drawString(s.getKey(), right + 34, legendY - 3);
            legendY += 18;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** 1, 2 or 5 times a power of ten at or above the value. */
    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
