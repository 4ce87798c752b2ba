package io.poolpilot.api.model;

import java.util.Objects;

/** A network interface of a VM in plain words: the guest's interface number, its MAC address, its network. */
public record VmNetworkInterface(String device, String mac, String network, boolean connected) {
    public VmNetworkInterface {
        Objects.requireNonNull(device, "interface device");
        Objects.requireNonNull(mac, "interface mac");
        Objects.requireNonNull(network, "interface network");
    }
}
