package io.poolpilot.daemon;

import io.poolpilot.api.model.Readiness;
import io.poolpilot.daemon.collect.PoolCollector;
import io.poolpilot.daemon.manage.ManagementServer;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.usage.UsageMeter;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the daemon reports as ready: every followed pool synced; the management port's JSON and the
 * API's checks say the same thing. {@code collectors} is the runtime's live map (pools are added as they start).
 */
record DaemonReadiness(Map<String, PoolCollector> collectors, StorageFlavour flavour, DbWriter writer, UsageMeter usageMeter) {

    /** For the control API's {@code /readyz}. */
    Readiness checks() {
        ManagementServer.Readiness r = management();
        Map<String, String> checks = new LinkedHashMap<>();
        collectors.forEach((name, collector) -> checks.put("pool " + name, collector.inventory() != null ? "synced" : "connecting"));
        checks.put("storage", flavour.name());
        return new Readiness(r.ready(), checks);
    }

    /** For the management port's {@code /readyz}. */
    ManagementServer.Readiness management() {
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
