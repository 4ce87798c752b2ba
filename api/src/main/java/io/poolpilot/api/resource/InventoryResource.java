package io.poolpilot.api.resource;

import io.poolpilot.api.http.ApiException;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.ProblemType;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.port.InventoryPort;
import io.vertx.core.Future;

import java.util.Optional;

/** Pools, hosts and VMs with their latest metrics. */
public final class InventoryResource {
    private final InventoryPort inventory;

    public InventoryResource(InventoryPort inventory) {
        this.inventory = inventory;
    }

    public Future<Reply> listPools(Exchange ex) {
        var page = ex.page("pools");
        return inventory.pools(page).map(p -> ex.pageReply("pools", p));
    }

    public Future<Reply> getPool(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        ex.allowQuery();
        return inventory.pool(poolId).map(found -> okOr404(found, "pool", poolId));
    }

    public Future<Reply> listHosts(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        String scope = "hosts:" + poolId;
        var page = ex.page(scope);
        return inventory.hosts(poolId, page).map(p -> ex.pageReply(scope, p));
    }

    public Future<Reply> getHost(Exchange ex) {
        String uuid = ex.uuidParam("hostUuid");
        ex.allowQuery();
        return inventory.host(uuid).map(found -> okOr404(found, "host", uuid));
    }

    public Future<Reply> listVms(Exchange ex) {
        String poolId = ex.poolIdParam("poolId");
        String scope = "vms:" + poolId;
        var page = ex.page(scope);
        return inventory.vms(poolId, page).map(p -> ex.pageReply(scope, p));
    }

    public Future<Reply> getVm(Exchange ex) {
        String uuid = ex.uuidParam("vmUuid");
        ex.allowQuery();
        return inventory.vm(uuid).map(found -> okOr404(found, "vm", uuid));
    }

    static Reply okOr404(Optional<?> found, String kind, String id) {
        return Reply.ok(found.orElseThrow(() -> notFound(kind, id)));
    }

    static ApiException notFound(String kind, String id) {
        return ApiException.of(ProblemType.NOT_FOUND, kind + " '" + id + "' does not exist");
    }
}
