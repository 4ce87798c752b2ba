package io.poolpilot.xapi.event;

import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.XapiClass;
import io.poolpilot.xapi.model.XapiObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
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
 * {@code EVENTS_LOST}, or the session had to log in again on a new master (whose tokens mean
 * nothing to the old one), the watcher takes a full snapshot and returns the difference to what it
 * had, so a consumer never misses a change and never needs to know why. A re-login on the same
 * master (an idle session XAPI destroyed) keeps the token: XAPI's event tokens belong to the pool's
 * database, not to a session, so no snapshot is needed; should XAPI refuse the token, it resyncs.
 */
public final class EventWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventWatcher.class);
    /** Asking for every current object: event.from with the empty token answers with all of them as "add". */
    private static final String FIRST_TOKEN = "";

    private final XapiSession session;
    private final List<XapiClass<?>> classes;
    private final Object[] classNames;
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong tokensKept = new AtomicLong();
    private final AtomicLong skippedEvents = new AtomicLong();
    private final EventDecoder decoder;
    /** A lock rather than synchronized: a poll blocks in I/O and must not pin a virtual thread's carrier on JDK 21. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Inventory inventory = Inventory.empty();
    private String token;
    private long tokenGeneration = -1;
    private URI tokenMaster;

    public EventWatcher(XapiSession session, Collection<XapiClass<?>> classes) {
        this.session = session;
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("watch at least one class, e.g. XapiClass.ALL");
        }
        this.classes = List.copyOf(new LinkedHashSet<>(classes));
        this.classNames = this.classes.stream().map(XapiClass::eventName).toArray();
        this.decoder = new EventDecoder(this.classes, skippedEvents);
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
        EventDecoder.EventBatch batch = fetch(FIRST_TOKEN, 0.0);
        Map<XapiClass<?>, Map<String, XapiObject>> records = new LinkedHashMap<>();
        for (XapiClass<?> type : classes) {
            records.put(type, new LinkedHashMap<>());
        }
        for (Map<String, Object> event : batch.events()) {
            decoder.decode(event).ifPresent(d -> {
                if (!d.operation().equals("del")) {
                    records.get(d.type()).put(d.ref(), d.record());
                }
            });
        }
        inventory = Inventory.of(inventory.version() + 1, records);
        token = batch.token();
        tokenGeneration = generation;
        tokenMaster = session.masterUrl();
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
        if (token == null) {
            return resyncAndDiff("initial");
        }
        if (session.generation() != tokenGeneration && !keepTokenAcrossLogin()) {
            return resyncAndDiff("reconnect");
        }
        long generation = tokenGeneration;
        EventDecoder.EventBatch batch;
        try {
            batch = fetch(token, timeout.toMillis() / 1000.0);
        } catch (XapiFailure failure) {
            if (failure.is(XapiErrorCodes.EVENTS_LOST)) {
                return resyncAndDiff("events_lost");
            }
            if (failure.is(XapiErrorCodes.EVENT_FROM_TOKEN_PARSE_FAILURE)) {
                return resyncAndDiff("token_refused");
            }
            throw failure;
        }
        if (session.generation() != generation && !keepTokenAcrossLogin()) {
            // The call was retried on a session at another master: its token belongs to another stream.
            return resyncAndDiff("reconnect");
        }
        List<InventoryChange> changes = applyEvents(batch.events());
        inventory = inventory.apply(changes);
        token = batch.token();
        return changes;
    }

    /** After a re-login: true (and the token adopted by the new session) when the master is the same one. */
    private boolean keepTokenAcrossLogin() {
        if (tokenMaster == null || !tokenMaster.equals(session.masterUrl())) {
            return false;
        }
        tokenGeneration = session.generation();
        tokensKept.incrementAndGet();
        LOG.info("event=event_token_kept reason=relogin_same_master master={} generation={}", tokenMaster,
                tokenGeneration);
        return true;
    }

    /** How many re-logins kept the event token instead of taking a full snapshot. */
    public long tokensKeptCount() {
        return tokensKept.get();
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
            Optional<EventDecoder.Decoded> decoded = decoder.decode(event);
            if (decoded.isEmpty()) {
                continue;
            }
            EventDecoder.Decoded d = decoded.get();
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

    private EventDecoder.EventBatch fetch(String fromToken, double timeoutSeconds) {
        Duration replyTimeout = session.endpoint().replyTimeout().plusMillis((long) (timeoutSeconds * 1000));
        Object value = session.callWithReplyTimeout(replyTimeout, "event.from", classNames, fromToken, timeoutSeconds);
        return EventDecoder.batch(value);
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
