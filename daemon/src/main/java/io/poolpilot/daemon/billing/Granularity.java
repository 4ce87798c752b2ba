package io.poolpilot.daemon.billing;

import java.util.Locale;

/** The period a usage row sums over: one UTC hour, day or calendar month. */
public enum Granularity {
    HOUR, DAY, MONTH;

    /** The SQL date_trunc field. */
    String sqlField() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code hour|day|month} (the API's spelling). */
    public static Granularity fromWire(String value) {
        if (value == null) {
            return HOUR;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "hour" -> HOUR;
            case "day" -> DAY;
            case "month" -> MONTH;
            default -> throw new IllegalArgumentException("granularity must be hour, day or month, got '" + value + "'");
        };
    }
}
