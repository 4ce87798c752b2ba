package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.state.Messages;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The message class's own calls (the generic getters come from the datamodel): get_since, get, create, destroy. */
final class MessageApi {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

    private MessageApi() {
    }

    static void register(Dispatcher d, PoolState pool) {
        d.register("message.get_since", 2, c -> records(pool, Messages.since(pool, datetime(c.arg(1))), null, null));
        d.register("message.get", 4, c -> records(pool, Messages.since(pool, datetime(c.arg(3))), c.str(1), c.str(2)));
        d.register("message.create", 6, c -> {
            if (!(c.arg(2) instanceof Number priority)) {
                throw new XapiException("FIELD_TYPE_ERROR", "priority");
            }
            String cls = c.str(3);
            if (!java.util.List.of("VM", "Host", "SR", "Pool", "VMPP", "VMSS", "PVS_proxy", "VDI", "Certificate").contains(cls)) {
                throw new XapiException("FIELD_TYPE_ERROR", "cls");
            }
            return Messages.raise(pool, c.str(1), priority.longValue(), cls, c.str(4), c.str(5)).ref();
        });
        d.register("message.destroy", 2, c -> {
            pool.destroy(pool.require("message", c.arg(1)));
            return null;
        });
    }

    private static Map<String, Object> records(PoolState pool, Iterable<XObject> messages, String cls, String objUuid) {
        synchronized (pool) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (XObject m : messages) {
                if (cls == null || (m.str("cls").equals(cls) && m.str("obj_uuid").equals(objUuid))) {
                    out.put(m.ref(), m.record());
                }
            }
            return out;
        }
    }

    /**
     * A datetime argument: XAPI's {@code 20240131T10:00:00Z}, the same without Z (Apache XML-RPC clients,
     * read as UTC as xapi does), or ISO 8601 with dashes and an offset.
     */
    static Instant datetime(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        String s = String.valueOf(v).trim();
        try {
            if (s.indexOf('-') == 4) {
                return s.length() > 19 ? OffsetDateTime.parse(s).toInstant() : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            }
            String bare = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
            int dot = bare.indexOf('.');
            return LocalDateTime.parse(dot > 0 ? bare.substring(0, dot) : bare, COMPACT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new XapiException("FIELD_TYPE_ERROR", "since");
        }
    }
}
