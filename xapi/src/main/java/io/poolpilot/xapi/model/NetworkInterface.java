package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.Map;
import java.util.Objects;

/** A VM's virtual network interface (VIF) on a network. */
public record NetworkInterface(String ref, String uuid, String vm, String network, String device, String mac,
                               long mtu, boolean currentlyAttached) implements XapiObject {

    public NetworkInterface {
        XapiObject.requireIdentity("NetworkInterface", ref, uuid);
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mac, "mac");
    }

    public static NetworkInterface fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VIF", ref, fields);
        return new NetworkInterface(ref, f.uuid(), f.ref("VM").orElse(""), f.ref("network").orElse(""),
                f.string("device"), f.stringOr("MAC", ""), f.int64Or("MTU", 0), f.bool("currently_attached"));
    }
}
