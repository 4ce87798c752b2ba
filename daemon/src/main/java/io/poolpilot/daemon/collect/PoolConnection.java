package io.poolpilot.daemon.collect;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.event.EventWatcher;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesFetcher;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.XapiClass;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The blocking XAPI side of one pool: a session, its event watcher and the rrd_updates fetcher.
 * When the master is lost it asks the session to find the master again through every host the pool
 * last had (a slave answers HOST_IS_SLAVE naming the new master); the watcher then resyncs by itself.
 */
public final class PoolConnection implements AutoCloseable {

    public static final String ORIGINATOR = "poolpilot";

    /** The XAPI classes PoolPilot follows. */
    /** What the daemon follows; disks (VBD, VDI) and interfaces (VIF, network) are what the API shows of a VM's devices. */
    public static final List<XapiClass<?>> WATCHED = List.of(XapiClass.POOL, XapiClass.HOST, XapiClass.HOST_METRICS,
            XapiClass.VM, XapiClass.SR, XapiClass.PBD, XapiClass.VBD, XapiClass.VDI, XapiClass.VIF, XapiClass.NETWORK);

    private final String poolName;
    private final XapiEndpoint configured;
    private volatile XapiSession session;
    private volatile EventWatcher watcher;
    private volatile RrdUpdatesFetcher fetcher;
    private volatile List<String> knownHostAddresses = List.of();

    public PoolConnection(String poolName, XapiEndpoint configured) {
        this.poolName = poolName;
        this.configured = configured;
    }

    public URI masterUrl() {
        XapiSession current = session;
        return current == null ? configured.url() : current.masterUrl();
    }

    /** A host's own URL: the master's scheme and port at the host's address. */
    public URI hostUrl(String address) {
        return configured.withUrl(masterUrl()).hostUrl(address);
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
        if (current.poll(Duration.ofSeconds(timeoutSeconds)).isEmpty()) {
            return null;
        }
        Inventory inventory = current.inventory();
        remember(inventory);
        return inventory;
    }

    public RrdParseResult fetchRrdUpdates(URI hostUrl, long startSeconds, Consumer<DataPoint> sink) {
        XapiSession current = session;
        RrdUpdatesFetcher currentFetcher = fetcher;
        if (current == null || currentFetcher == null) {
            throw new IllegalStateException("pool " + poolName + ": not connected");
        }
        return currentFetcher.fetch(hostUrl, current.sessionRef(), startSeconds, sink);
    }

    /** After a failure: find the master again (the configured one, then every known host). */
    public synchronized void reconnect() {
        if (session == null) {
            ensureSession();
        } else {
            session.reconnect(knownHostAddresses);
        }
    }

    private void ensureSession() {
        if (session != null) {
            return;
        }
        XapiSession opened = XapiSession.login(configured, ORIGINATOR);
        session = opened;
        watcher = new EventWatcher(opened, WATCHED);
        fetcher = RrdUpdatesFetcher.forSession(opened);
    }

    private void remember(Inventory inventory) {
        List<String> addresses = new ArrayList<>();
        for (Host host : inventory.hosts().values()) {
            if (!host.address().isBlank()) {
                addresses.add(host.address());
            }
        }
        knownHostAddresses = List.copyOf(addresses);
    }

    @Override
    public synchronized void close() {
        XapiSession current = session;
        session = null;
        watcher = null;
        fetcher = null;
        if (current != null) {
            current.close();
        }
    }
}
