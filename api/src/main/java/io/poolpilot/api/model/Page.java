package io.poolpilot.api.model;

import java.util.List;

/**
 * One page of a list as a port returns it: the items and the port's own key of the last item when
 * more follow ({@code nextKey} null on the last page). The API wraps the key in a signed cursor.
 */
public record Page<T>(List<T> items, String nextKey) {
    public Page {
        items = List.copyOf(items);
    }
}
