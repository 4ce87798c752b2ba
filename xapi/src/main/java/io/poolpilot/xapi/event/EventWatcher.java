package io.poolpilot.xapi.event;

import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.model.XapiObject;
import io.poolpilot.xapi.wire.XapiCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps an {@link Inventory} of a pool current by long-polling {@code event.from}. One caller
 * loops on {@link #poll}; each call returns the changes it applied. When XAPI says
 * {@code EVENTS_LOST}, or the session had to log in again (possibly on a new master, whose
 * tokens mean nothing to the old one), the watcher takes a full snapshot and returns the
 * difference to what it had, so a consumer never misses a change and never needs to know why.
 */
public final class EventWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventWatcher.class);
    /** Asking for every current object: event.from with the empty token answers with all of them as "add". */
    private static final String FIRST_TOKEN = "";

    private final XapiSession session;
    private final List<XapiClass<?>> classes;
    private final Object[] classNames;
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong skippedEvents = new AtomicLong();
    /** A lock rather than synchronized: a poll blocks in I/O and must not pin a virtual thread's carrier on JDK 21. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Inventory inventory = Inventory.empty();
    private String token;
    private long tokenGeneration = -1;

    public EventWatcher(XapiSession session, Collection<XapiClass<?>> classes) {
        this.session = session;
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("watch at least one class, e.g. XapiClass.ALL");
        }
        this.classes = List.copyOf(new LinkedHashSet<>(classes));
        this.classNames = this.classes.stream().map(XapiClass::eventName).toArray();
    }

    /** The current snapshot (safe to read from any thread). */
    public Inventory inventory() {
        return inventory;
    }

    public List<XapiClass<?>> classes() {
        return classes;
    }

    /** How many full snapshots were taken (the first included). */
    public long resyncCount() {
        return resyncs.get();
    }

    /** Events ignored because their class was unknown or their record could not be decoded. */
    public long skippedEvents() {
        return skippedEvents.get();
    }

    /**
     * Replaces the snapshot with a full, consistent read of every watched class and returns it.
     * The read is {@code event.from} with the empty token, which XAPI answers with every current
     * object and the token that follows exactly that state, so nothing changing between the read
     * and the first poll can be missed (separate get_all_records calls cannot promise that).
     */
    public Inventory resync() {
        lock.lock();
        try {
            return resyncLocked();
        } finally {
            lock.unlock();
        }
    }

    private Inventory resyncLocked() {
        long generation = session.generation();
        EventBatch batch = fetch(FIRST_TOKEN, 0.0);
        Map<XapiClass<?>, Map<String, XapiObject>> records = new LinkedHashMap<>();
        for (XapiClass<?> type : classes) {
            records.put(type, new LinkedHashMap<>());
        }
        for (Map<String, Object> event : batch.events()) {
            decode(event).ifPresent(d -> {
                if (!d.operation().equals("del")) {
                    records.get(d.type()).put(d.ref(), d.record());
                }
            });
        }
        inventory = Inventory.of(inventory.version() + 1, records);
        token = batch.token();
        tokenGeneration = generation;
        resyncs.incrementAndGet();
        LOG.info("event=inventory_resync objects={} version={} master={}", inventory.size(), inventory.version(),
                session.masterUrl());
        return inventory;
    }

    /**
     * Waits up to {@code timeout} for changes and returns them (empty after a quiet timeout).
     * The first call, and any call after EVENTS_LOST or a re-login, resyncs and returns the
     * difference from the previous snapshot.
     */
    public List<InventoryChange> poll(Duration timeout) {
        lock.lock();
        try {
            return pollLocked(timeout);
        } finally {
            lock.unlock();
        }
    }

    private List<InventoryChange> pollLocked(Duration timeout) {
        if (token == null || session.generation() != tokenGeneration) {
            return resyncAndDiff(token == null ? "initial" : "reconnect");
        }
        long generation = tokenGeneration;
        EventBatch batch;
        try {
            batch = fetch(token, timeout.toMillis() / 1000.0);
        } catch (XapiFailure failure) {
            if (failure.is(XapiErrorCodes.EVENTS_LOST)) {
                return resyncAndDiff("events_lost");
            }
            throw failure;
        }
        if (session.generation() != generation) {
            // The call was retried on a new session: its token may belong to another master's stream.
            return resyncAndDiff("reconnect");
        }
        List<InventoryChange> changes = applyEvents(batch.events());
        inventory = inventory.apply(changes);
        token = batch.token();
        return changes;
    }

    private List<InventoryChange> resyncAndDiff(String reason) {
        Inventory before = inventory;
        if (token != null) {
            LOG.info("event=inventory_resync_needed reason={} version={}", reason, before.version());
        }
        Inventory after = resyncLocked();
        return Inventory.diff(before, after);
    }

    private List<InventoryChange> applyEvents(List<Map<String, Object>> events) {
        // Track this batch's own effects so add-then-mod-then-del of one object reads right.
        Map<XapiClass<?>, Map<String, Optional<XapiObject>>> overlay = new HashMap<>();
        List<InventoryChange> changes = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Optional<Decoded> decoded = decode(event);
            if (decoded.isEmpty()) {
                continue;
            }
            Decoded d = decoded.get();
            Map<String, Optional<XapiObject>> seen = overlay.computeIfAbsent(d.type(), t -> new HashMap<>());
            XapiObject previous = seen.containsKey(d.ref())
                    ? seen.get(d.ref()).orElse(null)
                    : inventory.all(d.type()).get(d.ref());
            if (d.operation().equals("del")) {
                if (previous != null) {
                    changes.add(new InventoryChange.Removed(d.type(), d.ref(), previous));
                }
                seen.put(d.ref(), Optional.empty());
            } else {
                if (previous == null) {
                    changes.add(new InventoryChange.Added(d.type(), d.ref(), d.record()));
                } else if (!previous.equals(d.record())) {
                    changes.add(new InventoryChange.Modified(d.type(), d.ref(), previous, d.record()));
                }
                seen.put(d.ref(), Optional.of(d.record()));
            }
        }
        return changes;
    }

    private record Decoded(XapiClass<?> type, String operation, String ref, XapiObject record) {
    }

    private record EventBatch(List<Map<String, Object>> events, String token) {
    }

    /** One event, decoded; empty (and counted) when it is for a class we do not watch or is malformed. */
    private Optional<Decoded> decode(Map<String, Object> event) {
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

    private EventBatch fetch(String fromToken, double timeoutSeconds) {
        Duration replyTimeout = session.endpoint().replyTimeout().plusMillis((long) (timeoutSeconds * 1000));
        Object value = session.callWithReplyTimeout(replyTimeout, "event.from", classNames, fromToken, timeoutSeconds);
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

    /** Classes by name, for configuration ("vm,host,..."); unknown names are an error naming them. */
    public static Set<XapiClass<?>> classesNamed(Collection<String> names) {
        Set<XapiClass<?>> out = new LinkedHashSet<>();
        for (String name : names) {
            out.add(XapiClass.byEventName(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown XAPI class '" + name + "'; known: " + XapiClass.ALL)));
        }
        return out;
    }
}
