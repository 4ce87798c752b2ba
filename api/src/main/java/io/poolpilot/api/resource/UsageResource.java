package io.poolpilot.api.resource;

import io.poolpilot.api.http.ApiException;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.FieldError;
import io.poolpilot.api.http.Problem;
import io.poolpilot.api.http.ProblemType;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.UsageGranularity;
import io.poolpilot.api.model.UsageQuery;
import io.poolpilot.api.model.UsageRow;
import io.poolpilot.api.model.Wire;
import io.poolpilot.api.port.UsagePort;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usage for billing: sums per hour, day or month as JSON or CSV ({@code Accept: text/csv}), and the feed
 * of closed records. Feed cursors are the port's own, not signed by the API: a billing system stores them
 * for months, across restarts and secret rotations.
 */
public final class UsageResource {
    static final int DEFAULT_FEED_LIMIT = 1000;
    /** Cursors are short opaque tokens; anything else is refused before it reaches the port. */
    private static final Pattern FEED_CURSOR = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final UsagePort usage;

    public UsageResource(UsagePort usage) {
        this.usage = usage;
    }

    /** Wire shape of {@code GET /v1/usage} as JSON. */
    public record UsageBody(List<UsageRow> items) {
    }

    public Future<Reply> usage(Exchange ex) {
        ex.allowQuery("account", "vm", "from", "to", "granularity");
        boolean csv = wantsCsv(ex.header("Accept"));
        UsageQuery query = query(ex);
        return usage.usage(query).map(rows -> csv
                ? Reply.raw(200, UsageCsv.MEDIA_TYPE, Buffer.buffer(UsageCsv.of(rows)))
                : Reply.ok(new UsageBody(rows)));
    }

    static UsageQuery query(Exchange ex) {
        Violations violations = new Violations();
        String account = ex.query("account");
        if (account != null && !Ids.isAccountId(account)) {
            violations.add("query", "account", "must be an account id of " + Ids.ACCOUNT_ID_SHAPE + ", got '" + abbreviate(account) + "'");
            account = null;
        }
        String vm = ex.query("vm");
        if (vm != null && !Ids.isUuid(vm)) {
            violations.add("query", "vm", "must be a lower-case VM UUID, got '" + abbreviate(vm) + "'");
            vm = null;
        }
        Instant from = required(ex, "from", violations);
        Instant to = required(ex, "to", violations);
        UsageGranularity granularity = UsageGranularity.HOUR;
        String granularityText = ex.query("granularity");
        if (granularityText != null) {
            granularity = Wire.parse(UsageGranularity.class, granularityText).orElse(null);
            if (granularity == null) {
                violations.add("query", "granularity", "must be one of " + Wire.choices(UsageGranularity.class)
                        + ", got '" + abbreviate(granularityText) + "'");
            }
        }
        violations.throwIfAny();
        if (!from.isBefore(to)) {
            throw Violations.single("query", "from", "must be before to (" + to + "), got " + from);
        }
        Duration range = Duration.between(from, to);
        if (range.compareTo(UsageQuery.MAX_RANGE) > 0) {
            throw Violations.single("query", "from", "the range may span at most " + UsageQuery.MAX_RANGE.toDays()
                    + " days, got " + range.toDays() + " days; split it");
        }
        return new UsageQuery(account, vm, from, to, granularity);
    }

    private static Instant required(Exchange ex, String field, Violations violations) {
        String text = ex.query(field);
        if (text == null) {
            violations.add("query", field, "is required: an ISO-8601 instant like 2026-11-01T00:00:00Z");
            return null;
        }
        return MetricsResource.instant(text, field, violations);
    }

    public Future<Reply> feed(Exchange ex) {
        ex.allowQuery("after", "limit");
        int limit = DEFAULT_FEED_LIMIT;
        String limitText = ex.query("limit");
        if (limitText != null) {
            limit = limitText.matches("[0-9]{1,6}") ? Integer.parseInt(limitText) : -1;
            if (limit < 1 || limit > UsagePort.MAX_FEED_LIMIT) {
                throw Violations.single("query", "limit", "must be an integer 1.." + UsagePort.MAX_FEED_LIMIT
                        + ", got '" + abbreviate(limitText) + "'");
            }
        }
        String after = ex.query("after");
        if (after != null && !FEED_CURSOR.matcher(after).matches()) {
            throw new ApiException(Problem.of(ProblemType.INVALID_CURSOR,
                            "after: not a cursor issued by the usage feed; pass the 'next' of a previous page, or omit it to start at the first record")
                    .withErrors(List.of(new FieldError("query", "after", "not a cursor issued by the usage feed"))));
        }
        return usage.feed(after, limit).map(Reply::ok);
    }

    /**
     * Whether the client prefers CSV: the q-value of text/csv beats application/json (ties go to JSON).
     * No Accept, or one that allows JSON, gets JSON; an Accept that allows neither is 406.
     */
    static boolean wantsCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double json = quality(accept, "application", "json");
        double csv = quality(accept, "text", "csv");
        if (json <= 0 && csv <= 0) {
            throw new ApiException(Problem.of(ProblemType.NOT_ACCEPTABLE,
                    "this resource is served as application/json or text/csv, got Accept: " + abbreviate(accept)));
        }
        return csv > json;
    }

    /** The q-value the most specific matching media range of {@code accept} gives type/subtype (0 if none). */
    static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double q = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].strip().toLowerCase(Locale.ROOT);
            int slash = media.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String t = media.substring(0, slash);
            String s = media.substring(slash + 1);
            int specificity;
            if (t.equals(type) && s.equals(subtype)) {
                specificity = 2;
            } else if (t.equals(type) && s.equals("*")) {
                specificity = 1;
            } else if (t.equals("*") && s.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = qValue(parts);
            }
        }
        return q;
    }

    private static double qValue(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
