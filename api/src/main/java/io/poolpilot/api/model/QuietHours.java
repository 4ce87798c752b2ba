package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A daily window (pool-local time, may wrap midnight like 22:00-06:00) in which nothing moves automatically. */
public record QuietHours(LocalTime start, LocalTime end) {
    private static final Pattern TEXT = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public QuietHours {
        Objects.requireNonNull(start, "quietHours start");
        Objects.requireNonNull(end, "quietHours end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quietHours start and end are both " + start + ": an empty window; omit quietHours instead");
        }
    }

    /** Parses "HH:mm-HH:mm", e.g. "22:00-06:00". */
    public static QuietHours parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("quietHours must look like \"22:00-06:00\" (24 h clock), got \"" + text + "\"");
        }
        return new QuietHours(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
                LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    public boolean contains(LocalTime time) {
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    @JsonValue
    @Override
    public String toString() {
        return HH_MM.format(start) + "-" + HH_MM.format(end);
    }
}
