package io.poolpilot.simulator.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code console} objects of one pool. As in XAPI, a VM has an RFB console while its domain exists
 * (Running or Paused on a host); the console's {@code location} is on the VM's resident host, a new
 * console is made for each new domain (start, reboot, the landing of a migration) and the old one is
 * destroyed, and a halted or suspended VM has none. Kept in step from {@link PoolState#changed} on every
 * VM change, under the pool's lock.
 */
public final class ConsoleRecords {
    /** console_protocol in XAPI's datamodel (the console class's fields come from the datamodel too). */
    public static final String PROTOCOL_RFB = "rfb";

    private final PoolState pool;
    /** VM ref to its console's ref and the domain it belongs to. */
    private final Map<String, Attached> byVm = new HashMap<>();
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();
    private int port;

    private record Attached(String consoleRef, String domain, String hostRef) {
    }

    ConsoleRecords(PoolState pool) {
        this.pool = pool;
    }

    /**
     * The HTTP port the hosts listen on, known once they listen: locations name it unless it is 80
     * (XAPI's own locations name no port). Rewrites the locations of the consoles made before.
     */
    public void setPort(int newPort) {
        synchronized (pool) {
            port = newPort;
            for (XObject console : pool.all("console")) {
                String host = byVm.get(console.str("VM")).hostRef();
                console.set("location", location(host, console.uuid()));
            }
        }
    }

    /** Called with a console's ref when it is destroyed (its domain ended or moved): open sessions end. */
    public void onEnd(Consumer<String> listener) {
        endListeners.add(listener);
    }

    /** The console of a VM now, or null. */
    public XObject of(String vmRef) {
        synchronized (pool) {
            Attached a = byVm.get(vmRef);
            return a == null ? null : pool.find(a.consoleRef());
        }
    }

    /** Brings a VM's console in line with its record; sets {@code VM.consoles} before the VM's own event. */
    void sync(XObject vm) {
        String power = vm.str("power_state");
        String host = vm.str("resident_on");
        boolean hasDomain = (power.equals("Running") || power.equals("Paused")) && pool.host(host) != null
                && !vm.bool("is_a_template");
        String domain = hasDomain ? host + "/" + vm.num("domid") : null;
        Attached current = byVm.get(vm.ref());
        if (current != null && current.domain().equals(domain)) {
            return;
        }
        if (current != null) {
            byVm.remove(vm.ref());
            XObject old = pool.find(current.consoleRef());
            if (old != null) {
                pool.destroy(old);
            }
            for (Consumer<String> l : endListeners) {
                l.accept(current.consoleRef());
            }
        }
        if (domain == null) {
            vm.set("consoles", List.of());
            return;
        }
        pool.added(attach(vm, host, domain));
    }

    /** Gives every VM with a domain its console, without events (while the world is built). */
    void syncAllQuietly() {
        for (XObject vm : pool.allCopy("VM")) {
            String power = vm.str("power_state");
            String host = vm.str("resident_on");
            if ((power.equals("Running") || power.equals("Paused")) && pool.host(host) != null) {
                attach(vm, host, host + "/" + vm.num("domid"));
            }
        }
    }

    /** A new console for a VM's domain (its ids follow from the domain, so a seed gives the same ones). */
    private XObject attach(XObject vm, String host, String domain) {
        String key = vm.uuid() + "/" + domain;
        XObject console = pool.create("console", "OpaqueRef:" + pool.uuidFor("console-ref", key),
                pool.uuidFor("console", key));
        console.set("protocol", PROTOCOL_RFB).set("location", location(host, console.uuid())).set("VM", vm.ref())
                .set("other_config", Map.of("vgaconsole", "true"));
        byVm.put(vm.ref(), new Attached(console.ref(), domain, host));
        vm.set("consoles", List.of(console.ref()));
        return console;
    }

    private String location(String hostRef, String consoleUuid) {
        HostRuntime h = pool.host(hostRef);
        String authority = h.address() + (port == 0 || port == 80 ? "" : ":" + port);
        return "http://" + authority + "/console?uuid=" + consoleUuid;
    }
}
