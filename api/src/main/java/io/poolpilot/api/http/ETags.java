package io.poolpilot.api.http;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Versions as strong ETags ({@code "7"}) and the If-Match header that carries them back. */
public final class ETags {
    private static final Pattern STRONG = Pattern.compile("\"([1-9][0-9]{0,17})\"");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version in an If-Match header; empty when the header is absent; a 400 when it is not one strong ETag. */
    public static OptionalLong ifMatch(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        Matcher m = STRONG.matcher(header.strip());
        if (!m.matches()) {
            throw Violations.single("header", "If-Match", "must be one strong ETag as returned in ETag, e.g. \"3\"; got '"
                    + Exchange.abbreviate(header) + "'");
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }
}
