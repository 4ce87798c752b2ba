package io.poolpilot.simulator;

import io.poolpilot.simulator.fault.Fault;
import io.poolpilot.simulator.fault.FaultState;
import io.poolpilot.simulator.http.HostServer;
import io.poolpilot.simulator.state.HostRuntime;
import io.poolpilot.simulator.state.XObject;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Injects faults into the running simulation; the admin endpoint and scenario scripts go through here too. */
public final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
    private final List<PoolRuntime> pools;
    private final FaultState state;
    private final int port;

    Faults(List<PoolRuntime> pools, FaultState state, int port) {
        this.pools = pools;
        this.state = state;
        this.port = port;
    }

    /** Applies a fault; the future completes once servers have stopped or started as the fault requires. */
    public Future<Void> apply(Fault fault) {
        LOG.info("fault applied: {}", fault);
        try {
            return switch (fault) {
                case Fault.HostCrash f -> {
                    PoolRuntime p = poolOfHost(f.host());
                    HostRuntime h = p.state.hostByName(f.host());
                    p.hosts.crash(h.ref());
                    yield p.servers.get(h.ref()).close();
                }
                case Fault.HostRecover f -> {
                    PoolRuntime p = poolOfHost(f.host());
                    HostRuntime h = p.state.hostByName(f.host());
                    p.hosts.recover(h.ref());
                    yield p.servers.get(h.ref()).listen(port);
                }
                case Fault.SrLoss f -> {
                    PoolRuntime p = poolOfSr(f.sr());
                    p.hosts.loseStorage(srRef(p, f.sr()), f.host() == null ? null : p.state.hostByName(f.host()).ref());
                    yield Future.succeededFuture();
                }
                case Fault.SrRestore f -> {
                    PoolRuntime p = poolOfSr(f.sr());
                    p.hosts.restoreStorage(srRef(p, f.sr()), f.host() == null ? null : p.state.hostByName(f.host()).ref(),
                            false);
                    yield Future.succeededFuture();
                }
                case Fault.MigrationFailureRate f -> {
                    state.migrationFailureRate(f.rate());
                    yield Future.succeededFuture();
                }
                case Fault.SlowCalls f -> {
                    state.addSlowCalls(f);
                    yield Future.succeededFuture();
                }
                case Fault.MasterFailover f -> {
                    failover(f);
                    yield Future.succeededFuture();
                }
                case Fault.GarbledRrd f -> {
                    state.garble(f);
                    yield Future.succeededFuture();
                }
                case Fault.BusyCalls f -> {
                    state.busyCalls(f);
                    yield Future.succeededFuture();
                }
                case Fault.DropConnections f -> {
                    state.dropConnections(f.host(), f.count());
                    yield Future.succeededFuture();
                }
                case Fault.SessionIdleLimit f -> {
                    poolNamed(f.pool()).state.sessions().idleLimit(java.time.Duration.ofSeconds(f.seconds()));
                    yield Future.succeededFuture();
                }
                case Fault.Clear f -> clear();
            };
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private PoolRuntime poolNamed(String name) {
        return pools.stream().filter(r -> r.state.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool '" + name + "'"));
    }

    private void failover(Fault.MasterFailover f) {
        PoolRuntime p = poolNamed(f.pool());
        List<HostRuntime> hosts = p.state.hosts();
        String next;
        if (f.host() != null) {
            HostRuntime h = p.state.hostByName(f.host());
            if (h == null) {
                throw new IllegalArgumentException("no host '" + f.host() + "' in pool '" + f.pool() + "'");
            }
            next = h.ref();
        } else {
            int current = 0;
            for (int i = 0; i < hosts.size(); i++) {
                if (hosts.get(i).ref().equals(p.state.masterRef())) {
                    current = i;
                }
            }
            next = null;
            for (int k = 1; k <= hosts.size() && next == null; k++) {
                HostRuntime candidate = hosts.get((current + k) % hosts.size());
                if (p.state.isLive(candidate.ref()) && !candidate.ref().equals(p.state.masterRef())) {
                    next = candidate.ref();
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("pool '" + f.pool() + "' has no other live host to become master");
            }
        }
        p.state.dropSessions();
        p.state.setMaster(next);
    }

    private Future<Void> clear() {
        state.clear();
        List<Future<Void>> started = new ArrayList<>();
        for (PoolRuntime p : pools) {
            p.state.sessions().idleLimit(io.poolpilot.simulator.state.SessionTable.XAPI_IDLE_LIMIT);
            for (HostRuntime h : p.state.hosts()) {
                if (!p.state.isLive(h.ref())) {
                    p.hosts.recover(h.ref());
                }
                HostServer server = p.servers.get(h.ref());
                if (!server.listening()) {
                    started.add(server.listen(port));
                }
            }
            p.hosts.restoreAllStorage();
        }
        return Future.all(started).mapEmpty();
    }

    /** The call-level faults in force. */
    Map<String, Object> describeState() {
        return state.describe();
    }

    // ---- blocking conveniences for tests and tools (never call them on an event loop) ----------

    public void hostCrash(String host) {
        await(apply(new Fault.HostCrash(host)));
    }

    public void hostRecover(String host) {
        await(apply(new Fault.HostRecover(host)));
    }

    public void srLoss(String sr, String hostOrNull) {
        await(apply(new Fault.SrLoss(sr, hostOrNull)));
    }

    public void srRestore(String sr, String hostOrNull) {
        await(apply(new Fault.SrRestore(sr, hostOrNull)));
    }

    public void migrationFailureRate(double rate) {
        await(apply(new Fault.MigrationFailureRate(rate)));
    }

    public void slowCalls(Duration delay, String methodPrefixOrNull) {
        await(apply(new Fault.SlowCalls(delay.toMillis(), methodPrefixOrNull, false)));
    }

    public void hangCalls(String methodPrefixOrNull) {
        await(apply(new Fault.SlowCalls(0, methodPrefixOrNull, true)));
    }

    public void masterFailover(String pool, String newMasterOrNull) {
        await(apply(new Fault.MasterFailover(pool, newMasterOrNull)));
    }

    public void garbledRrd(String hostOrNull, String mode, double probability) {
        await(apply(new Fault.GarbledRrd(hostOrNull, mode, probability)));
    }

    public void dropConnections(String hostOrNull, int count) {
        await(apply(new Fault.DropConnections(hostOrNull, count)));
    }

    /** The next {@code count} calls of {@code method} answer OTHER_OPERATION_IN_PROGRESS. */
    public void busyCalls(String method, int count) {
        await(apply(new Fault.BusyCalls(method, count)));
    }

    /** Busy answers still to give for {@code method}. */
    public int pendingBusy(String method) {
        return state.pendingBusy(method);
    }

    public void clearAll() {
        await(apply(new Fault.Clear()));
    }

    static void await(Future<Void> f) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking fault call on an event loop: use apply(Fault) instead");
        }
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("fault did not take effect within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private PoolRuntime poolOfHost(String host) {
        return pools.stream().filter(p -> p.state.hostByName(host) != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host named '" + host + "'"));
    }

    private PoolRuntime poolOfSr(String sr) {
        for (PoolRuntime p : pools) {
            synchronized (p.state) {
                for (XObject o : p.state.all("SR")) {
                    if (o.str("name_label").equals(sr)) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalArgumentException("no SR named '" + sr + "'");
    }

    private static String srRef(PoolRuntime p, String sr) {
        synchronized (p.state) {
            return p.state.all("SR").stream().filter(o -> o.str("name_label").equals(sr)).findFirst().orElseThrow().ref();
        }
    }
}
