package io.poolpilot.daemon.collect;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.event.EventWatcher;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesFetcher;
import io.poolpilot.xapi.model.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The blocking XAPI side of one pool: a session, its event watcher and the rrd_updates fetcher.
 * When the master is lost it logs in again, trying the configured master first and then every host
 * the pool last had (a slave answers HOST_IS_SLAVE naming the new master, which the session follows).
 */
public final class PoolConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolConnection.class);
    public static final String ORIGINATOR = "poolpilot";

    private final String poolName;
    private final XapiEndpoint configured;
    private final RrdUpdatesFetcher fetcher;
    private volatile XapiSession session;
    private volatile EventWatcher watcher;
    private volatile List<String> knownHostAddresses = List.of();

    public PoolConnection(String poolName, XapiEndpoint configured) {
        this.poolName = poolName;
        this.configured = configured;
        this.fetcher = new RrdUpdatesFetcher(configured);
    }

    public URI masterUrl() {
        XapiSession current = session;
        return current == null ? configured.url() : current.masterUrl();
    }

    /** A host's own URL: the master's scheme and port at the host's address. */
    public URI hostUrl(String address) {
        URI master = masterUrl();
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        try {
            return new URI(master.getScheme(), null, host, master.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host address '" + address + "' does not form a URL", e);
        }
    }

    /** Logs in (if needed) and reads the whole inventory. */
    public synchronized Inventory resync() {
        ensureSession();
        Inventory inventory = watcher.resync();
        remember(inventory);
        return inventory;
    }

    /** One event.from round; null when nothing changed before the timeout. */
    public Inventory pollEvents(int timeoutSeconds) {
        EventWatcher current = watcher;
        if (current == null) {
            throw new IllegalStateException("pool " + poolName + ": not connected");
        }
        var changes = current.poll(Duration.ofSeconds(timeoutSeconds));
        if (changes.isEmpty()) {
            return null;
        }
        Inventory inventory = current.inventory();
        remember(inventory);
        return inventory;
    }

    public RrdParseResult fetchRrdUpdates(URI hostUrl, long startSeconds, Consumer<DataPoint> sink) {
        XapiSession current = session;
        if (current == null) {
            throw new IllegalStateException("pool " + poolName + ": not connected");
        }
        return fetcher.fetch(hostUrl, current.sessionRef(), startSeconds, sink);
    }

    /** Drops the session and logs in again, walking the candidate masters. */
    public synchronized void reconnect() {
        closeQuietly();
        ensureSession();
    }

    private void ensureSession() {
        if (session != null) {
            return;
        }
        Set<URI> candidates = new LinkedHashSet<>();
        candidates.add(configured.url());
        for (String address : knownHostAddresses) {
            candidates.add(hostUrl(address));
        }
        List<String> errors = new ArrayList<>();
        for (URI candidate : candidates) {
            try {
                XapiSession opened = XapiSession.login(configured.withUrl(candidate), ORIGINATOR);
                session = opened;
                watcher = new EventWatcher(opened);
                if (!candidate.equals(configured.url()) || !opened.masterUrl().equals(configured.url())) {
                    log.info("event=master_found pool={} tried={} master={}", poolName, candidate, opened.masterUrl());
                }
                return;
            } catch (RuntimeException e) {
                errors.add(candidate + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("pool " + poolName + ": no master reachable: " + errors);
    }

    private void remember(Inventory inventory) {
        List<String> addresses = new ArrayList<>();
        for (Host host : inventory.hosts().values()) {
            if (host.address() != null && !host.address().isBlank()) {
                addresses.add(host.address());
            }
        }
        knownHostAddresses = List.copyOf(addresses);
    }

    private void closeQuietly() {
        XapiSession current = session;
        session = null;
        watcher = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException ignored) {
                // the master may be gone; a dead session needs no logout
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
