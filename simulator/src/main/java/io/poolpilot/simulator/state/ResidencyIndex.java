package io.poolpilot.simulator.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * resident_on of every VM as last seen by {@link PoolState#changed}, and its inverse, so a host's
 * residents are not a scan of every VM. Guarded by the pool's monitor.
 */
final class ResidencyIndex {
    private final Map<String, String> residentOn = new HashMap<>();
    private final Map<String, LinkedHashSet<String>> residentsByHost = new HashMap<>();

    List<XObject> residents(String hostRef, Map<String, XObject> byRef) {
        var refs = residentsByHost.get(hostRef);
        if (refs == null) {
            return List.of();
        }
        List<XObject> out = new ArrayList<>(refs.size());
        for (String ref : refs) {
            out.add(byRef.get(ref));
        }
        return out;
    }

    void reindex(Collection<XObject> vms) {
        residentOn.clear();
        residentsByHost.clear();
        for (XObject vm : vms) {
            index(vm.ref(), vm.str("resident_on"));
        }
    }

    void index(String vmRef, String host) {
        String before = residentOn.get(vmRef);
        if (host.equals(before)) {
            return;
        }
        if (before != null) {
            var set = residentsByHost.get(before);
            if (set != null) {
                set.remove(vmRef);
            }
        }
        if (host.equals(PoolState.NULL_REF) || host.isEmpty()) {
            residentOn.remove(vmRef);
        } else {
            residentOn.put(vmRef, host);
            residentsByHost.computeIfAbsent(host, h -> new LinkedHashSet<>()).add(vmRef);
        }
    }
}
