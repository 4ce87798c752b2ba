package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A virtual network (bridge) that VMs' interfaces connect to. */
public record Network(String ref, String uuid, String nameLabel, String bridge, long mtu,
                      List<String> networkInterfaces) implements XapiObject {

    public Network {
        XapiObject.requireIdentity("Network", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(bridge, "bridge");
        networkInterfaces = List.copyOf(networkInterfaces);
    }

    public static Network fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("network", ref, fields);
        return new Network(ref, f.uuid(), f.string("name_label"), f.stringOr("bridge", ""), f.int64Or("MTU", 0),
                f.refs("VIFs"));
    }
}
