package io.poolpilot.daemon.billing;

import io.poolpilot.daemon.usage.UsageRecord;

import java.util.List;

/**
 * One page of the usage feed: closed records and adjustments in feed order.
 *
 * @param nextCursor pass as {@code after} to get the records after this page (equals the request's cursor when empty)
 * @param more       whether more records were available when the page was read
 */
public record FeedPage(List<UsageRecord> records, String nextCursor, boolean more) {
    public FeedPage {
        records = List.copyOf(records);
    }
}
