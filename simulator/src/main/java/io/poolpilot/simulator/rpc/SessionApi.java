package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.datamodel.Datamodel;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The session class: login and logout, and the session's own record (session is not a stored class in XAPI's API). */
final class SessionApi {
    private SessionApi() {
    }

    static void register(Dispatcher d, PoolState pool) {
        // XAPI accepts login with 2 (old clients) up to 4 arguments (version, originator).
        d.registerWithoutSession("session.login_with_password", 2, 4, c -> {
            String originator = c.args().size() > 3 ? c.str(3) : "";
            return pool.login(c.str(0), c.str(1), originator).ref();
        });
        d.register("session.logout", 1, c -> {
            pool.logout(c.str(0));
            return null;
        });
        d.register("session.get_record", 2, c -> record(pool, pool.requireSession(c.arg(1))));
        d.register("session.get_by_uuid", 2, c -> {
            synchronized (pool) {
                Session own = c.session();
                if (own.uuid().equals(c.str(1))) {
                    return own.ref();
                }
                throw new io.poolpilot.simulator.state.XapiException("UUID_INVALID", "session", c.str(1));
            }
        });
        for (String field : Datamodel.xapi().require("session").fields().keySet()) {
            d.register("session.get_" + field, 2, c -> record(pool, pool.requireSession(c.arg(1))).get(field));
        }
    }

    /** A session's record, every field of XAPI's session class. */
    static Map<String, Object> record(PoolState pool, Session s) {
        synchronized (pool) {
            Map<String, Object> out = new LinkedHashMap<>();
            Datamodel.xapi().require("session").fields().forEach((name, type) -> out.put(name, type.defaultValue()));
            out.put("uuid", s.uuid());
            out.put("this_host", pool.masterRef());
            out.put("last_active", pool.sessions().lastActive(s.ref()));
            out.put("pool", false);
            out.put("is_local_superuser", true);
            out.put("validation_time", s.created());
            out.put("auth_user_name", s.user());
            out.put("rbac_permissions", List.of());
            out.put("originator", s.originator());
            return out;
        }
    }
}
