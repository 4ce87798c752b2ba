package io.poolpilot.daemon.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.api.model.ConsoleTicket;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.port.ConsolePort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.config.ConsoleConfig;
import io.poolpilot.daemon.execute.XapiLink;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.console.VmConsoles;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The web console: tickets for running VMs, and WebSockets proxied to XAPI's RFB console of the VM's host
 * (located with the pool's own session, dialled with its TLS policy) within the limits of
 * {@link ConsoleConfig}. XAPI calls run on a bounded blocking pool; sockets stay on their event loop.
 */
public final class ConsoleService implements ConsolePort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);
    static final String ORIGINATOR = "poolpilot-console";

    private final Vertx vertx;
    private final ConsoleConfig config;
    private final Supplier<Map<String, Inventory>> inventories;
    private final Map<String, XapiEndpoint> endpoints;
    private final Map<String, XapiLink> links = new ConcurrentHashMap<>();
    private final BlockingPool xapiCalls;
    private final ConsoleTickets tickets;
    private final ConsoleLimits limits;
    private final ConsoleMetrics metrics;
    private final ConsoleDialer dialer;

    /** Where a VM is: its pool, its record, the uuid of the host it runs on (null when it does not run). */
    private record Place(String pool, Vm vm, String hostUuid) {
    }

    public ConsoleService(Vertx vertx, ConsoleConfig config, Supplier<Map<String, Inventory>> inventories,
                          Map<String, XapiEndpoint> endpoints, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.inventories = inventories;
        this.endpoints = Map.copyOf(endpoints);
        this.xapiCalls = new BlockingPool("console-xapi", 8, registry);
        this.tickets = new ConsoleTickets(clock, config.ticketTtl());
        this.limits = new ConsoleLimits(config.maxPerUser(), config.maxTotal());
        this.metrics = new ConsoleMetrics(registry, limits::open);
        this.dialer = new ConsoleDialer(vertx, Duration.ofSeconds(10));
    }

    @Override
    public Future<ConsoleTicket> issue(String vmUuid, String actor) {
        Place place = find(vmUuid).orElse(null);
        if (place == null || place.vm().isATemplate() || place.vm().isSnapshot()) {
            return Future.failedFuture(new PortFailure.NotFound("VM", vmUuid));
        }
        if (place.hostUuid() == null) {
            metrics.refused(CloseReason.VM_NOT_RUNNING.tag);
            String power = place.vm().powerState().name().toLowerCase(java.util.Locale.ROOT);
            return Future.failedFuture(new PortFailure.Refused(Refusal.BAD_POWER_STATE, "VM '" + place.vm().nameLabel()
                    + "' is " + power + ": a console needs a running VM; start it first", power));
        }
        String limit = limits.check(actor);
        if (limit != null) {
            metrics.refused(CloseReason.LIMIT.tag);
            return Future.failedFuture(new PortFailure.LimitReached(limit, limits.describe(limit)));
        }
        String ticket = tickets.issue(vmUuid, place.vm().nameLabel(), place.pool(), actor);
        ConsoleTickets.Grant grant = tickets.grant(ticket);
        LOG.info("event=console_ticket vm={} pool={} actor={}", vmUuid, place.pool(), actor);
        return Future.succeededFuture(new ConsoleTicket(ticket, vmUuid, place.vm().nameLabel(), place.pool(),
                grant.expiresAt()));
    }

    @Override
    public void attach(String ticket, ServerWebSocket socket) {
        socket.pause();
        ConsoleTickets.Result redeemed = tickets.redeem(ticket);
        if (redeemed.grant().isEmpty()) {
            CloseReason why = redeemed.rejection() == ConsoleTickets.Rejection.EXPIRED
                    ? CloseReason.TICKET_EXPIRED : CloseReason.TICKET_UNKNOWN;
            refuse(socket, why, null);
            return;
        }
        ConsoleTickets.Grant grant = redeemed.grant().get();
        Place place = find(grant.vmUuid()).orElse(null);
        if (place == null || place.hostUuid() == null) {
            refuse(socket, CloseReason.VM_NOT_RUNNING, null);
            return;
        }
        String limit = limits.acquire(grant.actor());
        if (limit != null) {
            refuse(socket, CloseReason.LIMIT, limits.describe(limit));
            return;
        }
        Context context = vertx.getOrCreateContext();
        XapiEndpoint endpoint = endpoints.get(place.pool());
        XapiLink link = links.computeIfAbsent(place.pool(), p -> new XapiLink(endpoint, ORIGINATOR));
        xapiCalls.submit(context, () -> locate(link, grant.vmUuid()))
                .compose(console -> dialer.dial(console, endpoint.tls()))
                .onSuccess(dialed -> {
                    if (socket.isClosed()) {
                        dialed.socket().close();
                        limits.release(grant.actor());
                        return;
                    }
                    ConsoleBridge bridge = new ConsoleBridge(vertx, socket, dialed.socket(), grant, config.idleTimeout(),
                            metrics, () -> find(grant.vmUuid()).map(Place::hostUuid).orElse(null), place.hostUuid(),
                            () -> limits.release(grant.actor()));
                    metrics.opened();
                    LOG.info("event=console_opened vm={} pool={} actor={} host={}", grant.vmUuid(), grant.poolId(),
                            grant.actor(), place.hostUuid());
                    bridge.start(dialed.early());
                })
                .onFailure(e -> {
                    limits.release(grant.actor());
                    LOG.warn("event=console_unreachable vm={} pool={} error=\"{}\"", grant.vmUuid(), grant.poolId(),
                            e.getMessage());
                    boolean running = find(grant.vmUuid()).map(Place::hostUuid).isPresent();
                    refuse(socket, running ? CloseReason.UNREACHABLE : CloseReason.VM_NOT_RUNNING,
                            running ? e.getMessage() : null);
                });
    }

    /** Blocking: the RFB console of the VM, with a session of the pool (logged in again once if it broke). */
    private static VmConsoles.RfbConsole locate(XapiLink link, String vmUuid) {
        try {
            return VmConsoles.rfb(link.client().session(), vmUuid)
                    .orElseThrow(() -> new IllegalStateException("the VM has no RFB console (not running?)"));
        } catch (io.poolpilot.xapi.XapiTransportException | io.poolpilot.xapi.XapiFailure e) {
            if (e instanceof io.poolpilot.xapi.XapiFailure f && !f.code().equals("SESSION_INVALID")) {
                throw e;
            }
            link.reset();
            return VmConsoles.rfb(link.client().session(), vmUuid)
                    .orElseThrow(() -> new IllegalStateException("the VM has no RFB console (not running?)"));
        }
    }

    private void refuse(ServerWebSocket socket, CloseReason why, String detail) {
        metrics.refused(why.tag);
        if (!socket.isClosed()) {
            socket.close(why.code, ConsoleBridge.reason(why, detail));
        }
    }

    private Optional<Place> find(String vmUuid) {
        for (Map.Entry<String, Inventory> e : inventories.get().entrySet()) {
            Inventory inv = e.getValue();
            Optional<Vm> vm = inv.byUuid(XapiClass.VM, vmUuid);
            if (vm.isPresent()) {
                Vm v = vm.get();
                String host = null;
                if ((v.powerState() == PowerState.RUNNING || v.powerState() == PowerState.PAUSED) && v.residentOn().isPresent()) {
                    host = inv.get(XapiClass.HOST, v.residentOn().get()).map(h -> h.uuid()).orElse(null);
                }
                return Optional.of(new Place(e.getKey(), v, host));
            }
        }
        return Optional.empty();
    }

    /** Consoles open now. */
    public int openConsoles() {
        return limits.open();
    }

    /** Logs the console sessions out of the pools (Vert.x, closed before, has closed the sockets). */
    @Override
    public void close() {
        xapiCalls.close(Duration.ofSeconds(2));
        links.values().forEach(XapiLink::close);
    }
}
