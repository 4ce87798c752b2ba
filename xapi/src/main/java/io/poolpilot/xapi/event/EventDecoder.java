package io.poolpilot.xapi.event;

import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.model.XapiObject;
import io.poolpilot.xapi.wire.XapiCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads event.from's answer: the batch and its token, and each event into a typed record (or a counted skip). */
final class EventDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(EventWatcher.class);
    private final List<XapiClass<?>> classes;
    private final AtomicLong skippedEvents;

    EventDecoder(List<XapiClass<?>> classes, AtomicLong skippedEvents) {
        this.classes = classes;
        this.skippedEvents = skippedEvents;
    }

    record Decoded(XapiClass<?> type, String operation, String ref, XapiObject record) {
    }

    record EventBatch(List<Map<String, Object>> events, String token) {
    }

    /** One event, decoded; empty (and counted) when it is for a class we do not watch or is malformed. */
    Optional<Decoded> decode(Map<String, Object> event) {
        try {
            String className = XapiCodec.string(event.get("class"));
            String operation = XapiCodec.string(event.get("operation"));
            String ref = XapiCodec.string(event.get("ref"));
            Optional<XapiClass<?>> type = XapiClass.byEventName(className).filter(classes::contains);
            if (type.isEmpty()) {
                return skip(event, "class not watched");
            }
            return switch (operation) {
                case "del" -> Optional.of(new Decoded(type.get(), operation, ref, null));
                case "add", "mod" -> {
                    Map<String, Object> snapshot = XapiCodec.struct(event.get("snapshot"));
                    yield Optional.of(new Decoded(type.get(), operation, ref, type.get().fromWire(ref, snapshot)));
                }
                default -> skip(event, "unknown operation '" + operation + "'");
            };
        } catch (IllegalArgumentException | XapiTransportException e) {
            return skip(event, e.getMessage());
        }
    }

    private Optional<Decoded> skip(Map<String, Object> event, String why) {
        skippedEvents.incrementAndGet();
        LOG.warn("event=xapi_event_skipped class={} ref={} operation={} reason=\"{}\"", event.get("class"),
                event.get("ref"), event.get("operation"), why);
        return Optional.empty();
    }

    /** event.from's result: its events and the token that follows them. */
    static EventBatch batch(Object value) {
        try {
            Map<String, Object> result = XapiCodec.struct(value);
            String newToken = XapiCodec.string(result.get("token"));
            List<Map<String, Object>> events = new ArrayList<>();
            for (Object e : XapiCodec.elements(result.get("events"))) {
                events.add(XapiCodec.struct(e));
            }
            return new EventBatch(events, newToken);
        } catch (IllegalArgumentException e) {
            throw XapiCodec.malformed("event.from result", e);
        }
    }
}
