package io.poolpilot.daemon.manage;

import io.poolpilot.api.model.Readiness;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether the daemon is ready, as named conditions: {@code collection/<pool>} (the pool's inventory is
 * synced), {@code storage} (the database answered the last probe) and {@code journal} (the readers'
 * positions; informational, always up). The management port shows each; the API's /readyz folds them
 * into its one-line-per-dependency form. Every condition reads state the daemon keeps, so none blocks.
 */
public final class DaemonReadiness {

    private final List<String> pools;
    private final Predicate<String> synced;
    private final String flavour;
    private final StorageProbe storage;
    private final Supplier<JsonObject> journal;

    /**
     * @param pools   the followed pools, in config order
     * @param synced  whether a pool's collector has its inventory (false while it connects, or before it exists)
     * @param flavour the storage flavour's name
     * @param journal the journal's and its readers' positions
     */
    public DaemonReadiness(List<String> pools, Predicate<String> synced, String flavour, StorageProbe storage,
                           Supplier<JsonObject> journal) {
        this.pools = List.copyOf(pools);
        this.synced = synced;
        this.flavour = flavour;
        this.storage = storage;
        this.journal = journal;
    }

    /** Registers one health-check procedure per condition. */
    public void register(HealthChecks checks) {
        for (String pool : pools) {
            checks.register("collection/" + pool, promise -> promise.complete(collection(pool)));
        }
        checks.register("storage", promise -> promise.complete(storage()));
        checks.register("journal", promise -> promise.complete(Status.OK(journal.get())));
    }

    /** The API's form: ready when every condition is up; "pool NAME" -> synced|connecting, "storage" -> flavour or why it is down. */
    public Readiness forApi() {
        Map<String, String> lines = new LinkedHashMap<>();
        boolean ready = true;
        for (String pool : pools) {
            boolean up = synced.test(pool);
            lines.put("pool " + pool, up ? "synced" : "connecting");
            ready &= up;
        }
        StorageProbe.Outcome outcome = storage.last();
        lines.put("storage", outcome.up() ? flavour : "down: " + outcome.error());
        return new Readiness(ready && outcome.up(), lines);
    }

    private Status collection(String pool) {
        boolean up = synced.test(pool);
        JsonObject data = new JsonObject().put("state", up ? "synced" : "connecting");
        return up ? Status.OK(data) : Status.KO(data);
    }

    private Status storage() {
        StorageProbe.Outcome outcome = storage.last();
        JsonObject data = new JsonObject().put("flavour", flavour)
                .put("checkedAt", outcome.checkedAt() == null ? null : outcome.checkedAt().toString());
        if (outcome.up()) {
            return Status.OK(data);
        }
        return Status.KO(data.put("error", outcome.error()));
    }
}
