package io.poolpilot.daemon.manage;

import io.poolpilot.api.model.Readiness;
import io.poolpilot.daemon.collect.PoolCollector;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.usage.UsageMeter;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the daemon is ready: every followed pool synced; as the management port and the API report it. */
public final class DaemonReadiness {

    private final Map<String, PoolCollector> collectors;
    private final StorageFlavour flavour;
    private final DbWriter writer;
    private final UsageMeter usageMeter;

    public DaemonReadiness(Map<String, PoolCollector> collectors, StorageFlavour flavour, DbWriter writer, UsageMeter usageMeter) {
        this.collectors = collectors;
        this.flavour = flavour;
        this.writer = writer;
        this.usageMeter = usageMeter;
    }

    /** The API's view: one line per pool and the storage flavour. */
    public Readiness forApi() {
        ManagementServer.Readiness r = forManagement();
        Map<String, String> checks = new LinkedHashMap<>();
        collectors.forEach((name, collector) -> checks.put("pool " + name, collector.inventory() != null ? "synced" : "connecting"));
        checks.put("storage", flavour.name());
        return new Readiness(r.ready(), checks);
    }

    /** The management port's view, with the readers' committed journal positions. */
    public ManagementServer.Readiness forManagement() {
        JsonObject pools = new JsonObject();
        boolean ready = true;
        for (Map.Entry<String, PoolCollector> entry : collectors.entrySet()) {
            boolean synced = entry.getValue().inventory() != null;
            pools.put(entry.getKey(), synced ? "synced" : "connecting");
            ready &= synced;
        }
        return new ManagementServer.Readiness(ready, new JsonObject().put("pools", pools)
                .put("storage", flavour.name()).put("dbWriterCommittedIndex", writer.committedIndex())
                .put("usageMeterCommittedIndex", usageMeter.committedIndex()));
    }
}
