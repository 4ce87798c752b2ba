package io.poolpilot.simulator.state;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pool's bounded event log. Ids only grow; a token is the id of the last event a client has seen,
 * written as a zero-padded decimal so tokens also sort as strings. Not thread-safe: used under the pool lock.
 */
public final class EventLog {
    /** One change of one object; snapshot is null for a deletion. */
    public record Event(long id, Instant timestamp, String eventClass, String operation, String ref,
                        Map<String, Object> snapshot) {
    }

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final int capacity;
    private long lastId;

    public EventLog(int capacity) {
        this.capacity = capacity;
    }

    public Event append(Instant timestamp, String eventClass, String operation, String ref, Map<String, Object> snapshot) {
        Event e = new Event(++lastId, timestamp, eventClass, operation, ref, snapshot);
        events.addLast(e);
        while (events.size() > capacity) {
            events.removeFirst();
        }
        return e;
    }

    public long lastId() {
        return lastId;
    }

    /** Whether the events after {@code token} are all still held. */
    public boolean covers(long token) {
        if (token > lastId) {
            return false;
        }
        long oldest = events.isEmpty() ? lastId + 1 : events.peekFirst().id();
        return token >= oldest - 1;
    }

    /** Events newer than {@code token}, oldest first. */
    public List<Event> after(long token) {
        List<Event> out = new ArrayList<>();
        var it = events.descendingIterator();
        while (it.hasNext()) {
            Event e = it.next();
            if (e.id() <= token) {
                break;
            }
            out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    public static String token(long id) {
        return String.format("%020d", id);
    }

    /** Parses a token; -1 for garbage. */
    public static long parseToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 20) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(token);
    }
}
