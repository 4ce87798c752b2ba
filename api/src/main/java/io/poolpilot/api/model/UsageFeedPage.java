package io.poolpilot.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One page of the usage feed, in feed order. {@code next} is the cursor to pass as {@code after} for the
 * records after this page; it equals the request's cursor when the page is empty, so a client can keep
 * polling with it. {@code more} says whether more records were already there when the page was read.
 */
public record UsageFeedPage(List<UsageRecord> items, String next, boolean more) {
    public UsageFeedPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next cursor (the request's cursor when the page is empty)");
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).sequence() <= items.get(i - 1).sequence()) {
                throw new IllegalArgumentException("feed items must be in strictly increasing sequence, got "
                        + items.get(i - 1).sequence() + " then " + items.get(i).sequence());
            }
        }
    }
}
