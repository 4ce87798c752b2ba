package io.poolpilot.xapi.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.poolpilot.xapi.fake.FakeXapi.failure;
import static io.poolpilot.xapi.fake.FakeXapi.success;

/**
 * XAPI's {@code event.from} semantics for a fake server: numbered events, opaque-looking tokens,
 * the empty token answering with every object as {@code add}, long polls that end at the
 * timeout, and {@code EVENTS_LOST} once history older than a token has been dropped.
 */
public final class FakeEventSource {

    private record Obj(String className, Map<String, Object> snapshot) {
    }

    private record Event(long id, String className, String operation, String ref, Map<String, Object> snapshot) {
    }

    private final Map<String, Obj> objects = new LinkedHashMap<>();
    private final List<Event> log = new ArrayList<>();
    private final List<String> tokensReceived = new CopyOnWriteArrayList<>();
    private long lastId;
    private long forgottenUpTo;

    public FakeEventSource attachTo(FakeXapi xapi) {
        xapi.onMethod("event.from", this::eventFrom);
        return this;
    }

    public synchronized void put(String className, String ref, Map<String, Object> snapshot) {
        String op = objects.containsKey(ref) ? "mod" : "add";
        objects.put(ref, new Obj(className, Map.copyOf(snapshot)));
        log.add(new Event(++lastId, className, op, ref, Map.copyOf(snapshot)));
        notifyAll();
    }

    public synchronized void delete(String ref) {
        Obj gone = objects.remove(ref);
        log.add(new Event(++lastId, gone.className(), "del", ref, null));
        notifyAll();
    }

    /** Changes an object without keeping the event: as if XAPI's event buffer overflowed. */
    public synchronized void putSilently(String className, String ref, Map<String, Object> snapshot) {
        objects.put(ref, new Obj(className, Map.copyOf(snapshot)));
        lastId++;
        forgottenUpTo = lastId;
    }

    public List<String> tokensReceived() {
        return List.copyOf(tokensReceived);
    }

    private static String token(long id) {
        // Opaque to clients, like XAPI's; the fake encodes an event id.
        return String.format("%016d,00000000000000000000", id);
    }

    private static long idOf(String token) {
        return Long.parseLong(token.substring(0, token.indexOf(',')));
    }

    /** Answers one event.from call; public so a test can wrap it with faults. */
    public FakeXapi.Reply handle(XmlRpcText.Call call) {
        return eventFrom(call);
    }

    private synchronized FakeXapi.Reply eventFrom(XmlRpcText.Call call) {
        @SuppressWarnings("unchecked")
        List<Object> classes = (List<Object>) call.param(1);
        String fromToken = (String) call.param(2);
        double timeoutSeconds = ((Number) call.param(3)).doubleValue();
        tokensReceived.add(fromToken);
        List<Map<String, Object>> events = new ArrayList<>();
        if (fromToken.isEmpty()) {
            objects.forEach((ref, obj) -> {
                if (watched(classes, obj.className())) {
                    events.add(event(new Event(lastId, obj.className(), "add", ref, obj.snapshot())));
                }
            });
            return success(Map.of("events", events, "valid_ref_counts", Map.of(), "token", token(lastId)));
        }
        long from = idOf(fromToken);
        if (from < forgottenUpTo) {
            return failure("EVENTS_LOST");
        }
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (lastId <= from && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Event e : log) {
            if (e.id() > from && watched(classes, e.className())) {
                events.add(event(e));
            }
        }
        return success(Map.of("events", events, "valid_ref_counts", Map.of(), "token", token(lastId)));
    }

    private static boolean watched(List<Object> classes, String className) {
        return classes.contains("*") || classes.contains(className.toLowerCase());
    }

    private static Map<String, Object> event(Event e) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", Long.toString(e.id()));
        m.put("timestamp", "1764063362.000");
        m.put("class", e.className().toLowerCase());
        m.put("operation", e.operation());
        m.put("ref", e.ref());
        if (e.snapshot() != null) {
            m.put("snapshot", e.snapshot());
        }
        return m;
    }
}
