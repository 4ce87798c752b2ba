package io.poolpilot.simulator;

import io.poolpilot.simulator.console.ConsoleServer;
import io.poolpilot.simulator.fault.FaultState;
import io.poolpilot.simulator.http.AdminServer;
import io.poolpilot.simulator.http.HostServer;
import io.poolpilot.simulator.http.ServiceTimes;
import io.poolpilot.simulator.metrics.HostLoad;
import io.poolpilot.simulator.metrics.HostSnapshot;
import io.poolpilot.simulator.rpc.PoolApi;
import io.poolpilot.simulator.scenario.PoolSpec;
import io.poolpilot.simulator.scenario.Scenario;
import io.poolpilot.simulator.scenario.ScheduledFault;
import io.poolpilot.simulator.state.EventLog;
import io.poolpilot.simulator.state.HostOperations;
import io.poolpilot.simulator.state.HostRuntime;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.SimContext;
import io.poolpilot.simulator.state.VmOperations;
import io.poolpilot.simulator.state.VmRuntime;
import io.poolpilot.simulator.state.WorldBuilder;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import io.poolpilot.simulator.workload.CpuContention;
import io.poolpilot.simulator.workload.Workload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated estate: every host of every pool answers XAPI on its own loopback address.
 * Start with {@link #start(Scenario, SimulatorOptions)}, close to stop every server.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    public static final String USERNAME = "root";
    private static final int PORT_ATTEMPTS = 20;

    private final Scenario scenario;
    private final SimulatorOptions options;
    private final Vertx vertx;
    private final SimulatedClock clock;
    private final List<PoolRuntime> pools;
    private final Faults faults;
    private final AdminServer admin;
    private final int port;
    private final int adminPort;
    private final ServiceTimes rrdTimes;

    private Simulator(Scenario scenario, SimulatorOptions options, Vertx vertx, SimulatedClock clock,
                      List<PoolRuntime> pools, Faults faults, AdminServer admin, int port, int adminPort,
                      ServiceTimes rrdTimes) {
        this.scenario = scenario;
        this.options = options;
        this.vertx = vertx;
        this.clock = clock;
        this.pools = pools;
        this.faults = faults;
        this.admin = admin;
        this.port = port;
        this.adminPort = adminPort;
        this.rrdTimes = rrdTimes;
    }

    /** Builds the pools and starts every host's server; blocks until all listen. */
    public static Simulator start(Scenario scenario, SimulatorOptions options) {
        for (PoolSpec p : scenario.pools()) {
            if (p.hostNames().size() > 254) {
                throw new IllegalArgumentException("pool '" + p.name() + "' has " + p.hostNames().size()
                        + " hosts; at most 254 fit in 127.0.P.1-254");
            }
        }
        if (options.firstPoolOctet() + scenario.pools().size() - 1 > 254) {
            throw new IllegalArgumentException("firstPoolOctet " + options.firstPoolOctet() + " leaves no room for "
                    + scenario.pools().size() + " pools (127.0.P.x with P <= 254)");
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(4));
        try {
            SimulatedClock clock = new SimulatedClock(options.startTime(), options.clockRate());
            FaultState faultState = new FaultState(scenario.seed());
            SimContext ctx = new SimContext(vertx, clock, options, faultState);
            List<PoolRuntime> pools = new ArrayList<>();
            ServiceTimes rrdTimes = new ServiceTimes();
            for (int p = 0; p < scenario.pools().size(); p++) {
                PoolSpec spec = scenario.pools().get(p);
                Map<String, String> addresses = new LinkedHashMap<>();
                List<String> hostNames = spec.hostNames();
                for (int h = 0; h < hostNames.size(); h++) {
                    addresses.put(hostNames.get(h), "127.0." + (options.firstPoolOctet() + p) + "." + (h + 1));
                }
                PoolState state = WorldBuilder.build(spec, scenario.seed(), addresses, clock, options.eventLogCapacity());
                VmOperations vms = new VmOperations(state, ctx);
                HostOperations hosts = new HostOperations(state, vms);
                PoolRuntime runtime = new PoolRuntime(state, vms, hosts, PoolApi.create(state, vms, hosts, vertx));
                ConsoleServer consoles = new ConsoleServer(vertx, state);
                for (HostRuntime h : state.hosts()) {
                    runtime.servers.put(h.ref(), new HostServer(vertx, state, runtime.api, h.ref(), h.name(), h.address(),
                            faultState, runtime::snapshot, options.rrdRowsKept(), rrdTimes, consoles));
                }
                pools.add(runtime);
            }
            int port = listenAll(pools, options.port());
            pools.forEach(p -> p.state.consoles().setPort(port));
            Faults faults = new Faults(pools, faultState, port);
            Simulator[] self = new Simulator[1];
            AdminServer admin = new AdminServer(vertx, faults::apply, () -> self[0].describe());
            int adminPort = options.adminPort() < 0 ? -1 : await(admin.listen(options.adminPort()));
            Simulator sim = new Simulator(scenario, options, vertx, clock, pools, faults, admin, port, adminPort,
                    rrdTimes);
            self[0] = sim;
            for (ScheduledFault f : scenario.faults()) {
                long delay = clock.realMillis(Duration.ofMillis((long) (f.atSeconds() * 1000)));
                vertx.setTimer(delay, id -> faults.apply(f.fault())
                        .onFailure(e -> LOG.warn("scripted fault {} failed: {}", f.fault(), e.getMessage())));
            }
            LOG.info("simulator started scenario={} pools={} hosts={} vms={} port={} adminPort={} clockRate={}",
                    scenario.name(), pools.size(), scenario.hostCount(), scenario.vmCount(), port, adminPort,
                    options.clockRate());
            return sim;
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    private static int listenAll(List<PoolRuntime> pools, int requestedPort) {
        List<HostServer> servers = pools.stream().flatMap(p -> p.servers.values().stream()).toList();
        RuntimeException last = null;
        for (int attempt = 0; attempt < (requestedPort == 0 ? PORT_ATTEMPTS : 1); attempt++) {
            int port = requestedPort != 0 ? requestedPort : freePort(servers.getFirst().address());
            try {
                await(Future.all(servers.stream().map(s -> s.listen(port)).toList()).mapEmpty());
                return port;
            } catch (RuntimeException e) {
                last = e;
                await(Future.join(servers.stream().map(HostServer::close).toList()).mapEmpty());
            }
        }
        throw new IllegalStateException("could not listen on one port on every host address: "
                + (last == null ? "" : last.getMessage()), last);
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + address + ": is 127.0.0.0/8 routed to lo?", e);
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- endpoints ---------------------------------------------------------------------------

    /** Every pool with its master URL, credentials and host addresses. */
    public List<PoolEndpoint> pools() {
        List<PoolEndpoint> out = new ArrayList<>();
        for (int p = 0; p < pools.size(); p++) {
            PoolRuntime rt = pools.get(p);
            List<HostEndpoint> hosts = new ArrayList<>();
            for (HostRuntime h : rt.state.hosts()) {
                hosts.add(new HostEndpoint(h.name(), rt.state.find(h.ref()).uuid(), url(h.address())));
            }
            HostRuntime master = rt.state.master();
            out.add(new PoolEndpoint(rt.state.name(), rt.state.pool().uuid(), url(master.address()), USERNAME,
                    scenario.pools().get(p).password(), hosts));
        }
        return out;
    }

    /** A pool's endpoint by name. */
    public PoolEndpoint pool(String name) {
        return pools().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool '" + name + "'"));
    }

    private URI url(String address) {
        return URI.create("http://" + address + ":" + port + "/");
    }

    /** The admin endpoint (http://127.0.0.1:port/), or null when disabled. */
    public URI adminUrl() {
        return adminPort < 0 ? null : URI.create("http://127.0.0.1:" + adminPort + "/");
    }

    public int port() {
        return port;
    }

    /** Server-side rrd_updates answer times recorded since the last call (for the bench). */
    public List<Long> drainRrdServiceNanos() {
        return rrdTimes.drain();
    }

    public Faults faults() {
        return faults;
    }

    public SimulatedClock clock() {
        return clock;
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimulatorOptions options() {
        return options;
    }

    // ---- analytic accessors (ground truth for accuracy tests) --------------------------------

    /** The workload pattern of a VM. */
    public Workload workload(String vmUuid) {
        return vmRuntime(vmUuid).workload();
    }

    /** What the VM wants at {@code t}, in cores (utilisation x vCPUs), before any contention. */
    public double cpuDemandCores(String vmUuid, Instant t) {
        VmRuntime vm = vmRuntime(vmUuid);
        return CpuContention.demandCores(vm.workload().utilisation(clock.secondsSinceStart(t), vm.seed()), vm.vcpus());
    }

    /** What the VM gets at {@code t} on the host it is on now, in cores, after contention (0 when not running). */
    public double cpuDeliveredCores(String vmUuid, Instant t) {
        for (PoolRuntime p : pools) {
            String hostRef;
            String vmRef;
            synchronized (p.state) {
                XObject vm;
                try {
                    vm = p.state.byUuid("VM", vmUuid);
                } catch (XapiException e) {
                    continue;
                }
                hostRef = vm.str("resident_on");
                vmRef = vm.ref();
                if (p.state.host(hostRef) == null || !vm.str("power_state").equals("Running")) {
                    return 0;
                }
            }
            HostSnapshot snap = p.snapshot(hostRef);
            HostLoad load = HostLoad.at(snap, clock.secondsSinceStart(t));
            for (int i = 0; i < snap.vms().size(); i++) {
                if (snap.vms().get(i).vm().ref().equals(vmRef)) {
                    return load.deliveredCores(i);
                }
            }
            return 0;
        }
        throw new IllegalArgumentException("no VM with uuid " + vmUuid);
    }

    private VmRuntime vmRuntime(String vmUuid) {
        for (PoolRuntime p : pools) {
            synchronized (p.state) {
                try {
                    return p.state.vm(p.state.byUuid("VM", vmUuid).ref());
                } catch (XapiException e) {
                    // not in this pool
                }
            }
        }
        throw new IllegalArgumentException("no VM with uuid " + vmUuid);
    }

    /** The state the admin endpoint's GET /state shows. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario.name());
        out.put("clock", Map.of("now", clock.instant().toString(), "rate", clock.rate()));
        List<Object> poolList = new ArrayList<>();
        for (PoolRuntime p : pools) {
            Map<String, Object> pm = new LinkedHashMap<>();
            synchronized (p.state) {
                pm.put("name", p.state.name());
                pm.put("master", p.state.master().name());
                pm.put("eventToken", EventLog.token(p.state.events().lastId()));
                pm.put("migrationsInFlight", p.vms.migrationsInFlight());
                List<Object> hosts = new ArrayList<>();
                for (HostRuntime h : p.state.hosts()) {
                    XObject host = p.state.find(h.ref());
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("name", h.name());
                    hm.put("address", h.address());
                    hm.put("live", p.state.isLive(h.ref()));
                    hm.put("enabled", host.bool("enabled"));
                    hm.put("listening", p.servers.get(h.ref()).listening());
                    hm.put("residentVms", p.state.residents(h.ref()).size() - 1);
                    hm.put("freeMemoryBytes", p.state.freeMemory(h.ref()));
                    hosts.add(hm);
                }
                pm.put("hosts", hosts);
            }
            poolList.add(pm);
        }
        out.put("pools", poolList);
        out.put("faults", faults.describeState());
        return out;
    }

    /** Stops every server and Vert.x; returns within a few seconds even with hung calls open. */
    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (PoolRuntime p : pools) {
            p.servers.values().forEach(s -> closing.add(s.close()));
        }
        closing.add(admin.close());
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("servers did not all close in time: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("vert.x did not close in time: {}", e.toString());
        }
    }
}
