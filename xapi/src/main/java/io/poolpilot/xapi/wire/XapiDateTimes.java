package io.poolpilot.xapi.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** XAPI's datetimes on the wire, in every form real hosts and tools write them. */
final class XapiDateTimes {
    private XapiDateTimes() {
    }

    /**
     * A datetime. XAPI writes {@code 20261125T09:36:02Z}; older hosts omit the {@code Z} (and mean
     * UTC); some tools write {@code 2026-11-25T09:36:02Z}. A {@link Date} from a stock Apache
     * type factory is accepted too.
     */
    static Instant parse(Object value) {
        return switch (value) {
            case Date d -> d.toInstant();
            case Instant i -> i;
            case String s -> parseDateTime(s.strip());
            case null -> throw new IllegalArgumentException("expected a datetime, got null");
            default -> throw new IllegalArgumentException("expected a datetime, got " + XapiCodec.describe(value));
        };
    }

    private static Instant parseDateTime(String s) {
        String text = s;
        if (text.length() > 8 && text.charAt(8) == 'T' && isDigits(text, 0, 8)) {
            // Compact basic form 20261125T09:36:02[Z]: add the dashes ISO parsers want.
            text = text.substring(0, 4) + "-" + text.substring(4, 6) + "-" + text.substring(6);
        }
        try {
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.substring(0, text.length() - 1) + "Z");
            }
            if (hasOffset(text)) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected an XAPI datetime like 20261125T09:36:02Z, got '" + s + "'", e);
        }
    }

    private static boolean hasOffset(String text) {
        int t = text.indexOf('T');
        return t > 0 && (text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0);
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

}
