package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A pool of hosts sharing storage and one master. */
public record Pool(String ref, String uuid, String nameLabel, String master,
                   Optional<String> defaultStorageRepository, Map<String, String> otherConfig)
        implements XapiObject {

    public Pool {
        XapiObject.requireIdentity("Pool", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(defaultStorageRepository, "defaultStorageRepository");
        otherConfig = Map.copyOf(otherConfig);
    }

    public static Pool fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("pool", ref, fields);
        return new Pool(ref, f.uuid(), f.string("name_label"),
                f.ref("master").orElseThrow(() -> new io.poolpilot.xapi.XapiTransportException(
                        "pool " + ref + ": field 'master' is OpaqueRef:NULL")),
                f.refOrNone("default_SR"), f.stringMap("other_config"));
    }
}
