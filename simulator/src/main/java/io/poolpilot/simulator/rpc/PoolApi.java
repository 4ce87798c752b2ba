package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.datamodel.Datamodel;
import io.poolpilot.simulator.state.HostOperations;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.VmOperations;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registers the XAPI methods a simulated pool answers: per-class generics, session, event, task and actions. */
public final class PoolApi {
    private static final Set<String> SETTABLE = Set.of("name_label", "name_description", "other_config");

    private PoolApi() {
    }

    public static Dispatcher create(PoolState pool, VmOperations vms, HostOperations hosts, Vertx vertx) {
        Dispatcher d = new Dispatcher(pool);
        EventFeed feed = new EventFeed(pool, vertx);
        SessionApi.register(d, pool);
        MessageApi.register(d, pool);
        new LegacyEvents(pool, feed).register(d);
        d.registerWithoutSession("system.listMethods", 0, 1, c -> d.methodNames());
        d.register("event.from", 4, c -> feed.from(list(c.arg(1)), c.str(2), asDouble(c.arg(3)), c.context()));
        // An artificial "mod" event on one object; answers its token. Xen Orchestra takes its first
        // event.from token from this before it reads every record, so no change falls in between.
        d.register("event.inject", 3, c -> {
            String cls = PoolState.CLASSES.stream().filter(k -> k.equalsIgnoreCase(c.str(1))).findFirst()
                    .orElseThrow(() -> new XapiException("MESSAGE_PARAMETER_INVALID", "class", c.str(1)));
            synchronized (pool) {
                pool.changed(pool.require(cls, c.arg(2)));
                return io.poolpilot.simulator.state.EventLog.token(pool.events().lastId());
            }
        });
        for (String cls : PoolState.CLASSES) {
            if (cls.equals("session")) {
                continue;
            }
            registerGeneric(d, pool, cls);
        }
        d.registerAsyncable("VM.start", 4, c -> vms.start(c.str(1), null));
        d.registerAsyncable("VM.start_on", 5, c -> vms.start(c.str(1), pool.require("host", c.arg(2)).ref()));
        d.registerAsyncable("VM.clean_shutdown", 2, c -> vms.cleanShutdown(c.str(1)));
        d.registerAsyncable("VM.hard_shutdown", 2, c -> vms.hardShutdown(c.str(1)));
        d.registerAsyncable("VM.clean_reboot", 2, c -> vms.cleanReboot(c.str(1)));
        d.registerAsyncable("VM.hard_reboot", 2, c -> vms.hardReboot(c.str(1)));
        d.registerAsyncable("VM.suspend", 2, c -> vms.suspend(c.str(1)));
        d.registerAsyncable("VM.resume", 4, c -> vms.resume(c.str(1)));
        d.registerAsyncable("VM.pool_migrate", 4, c -> {
            if (!(c.arg(3) instanceof Map<?, ?>)) {
                throw new XapiException("FIELD_TYPE_ERROR", "options");
            }
            return vms.poolMigrate(c.str(1), c.str(2), c.task());
        });
        d.registerAsyncable("host.disable", 2, c -> hosts.disable(c.str(1)));
        d.registerAsyncable("host.enable", 2, c -> hosts.enable(c.str(1)));
        d.register("host.get_servertime", 2, c -> {
            pool.require("host", c.arg(1));
            return pool.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        });
        d.registerAsyncable("PBD.plug", 2, c -> hosts.plug(c.str(1)));
        d.registerAsyncable("PBD.unplug", 2, c -> hosts.unplug(c.str(1)));
        // Xen Orchestra makes a task before each HTTP resource call and passes it as task_id.
        d.register("task.create", 3, c -> io.poolpilot.simulator.state.Tasks.createFor(pool, c.str(1), c.str(2)).ref());
        d.register("task.cancel", 2, c -> {
            vms.cancel(pool.require("task", c.arg(1)));
            return null;
        });
        d.register("task.destroy", 2, c -> {
            pool.destroy(pool.require("task", c.arg(1)));
            return null;
        });
        return d;
    }

    private static void registerGeneric(Dispatcher d, PoolState pool, String cls) {
        d.register(cls + ".get_all", 1, c -> {
            synchronized (pool) {
                return pool.all(cls).stream().map(XObject::ref).toList();
            }
        });
        d.register(cls + ".get_all_records", 1, c -> {
            synchronized (pool) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (XObject o : pool.all(cls)) {
                    out.put(o.ref(), o.record());
                }
                return out;
            }
        });
        d.register(cls + ".get_record", 2, c -> pool.require(cls, c.arg(1)).record());
        d.register(cls + ".get_by_uuid", 2, c -> pool.byUuid(cls, c.arg(1)).ref());
        Set<String> fields = fieldsOf(cls);
        if (fields.contains("name_label")) {
            d.register(cls + ".get_by_name_label", 2, c -> {
                synchronized (pool) {
                    return pool.all(cls).stream().filter(o -> o.str("name_label").equals(c.str(1)))
                            .map(XObject::ref).toList();
                }
            });
        }
        for (String field : fields) {
            d.register(cls + ".get_" + field, 2, c -> {
                synchronized (pool) {
                    return pool.require(cls, c.arg(1)).get(field);
                }
            });
            if (SETTABLE.contains(field)) {
                d.register(cls + ".set_" + field, 3, c -> {
                    synchronized (pool) {
                        XObject o = pool.require(cls, c.arg(1));
                        Object value = c.arg(2);
                        if (field.equals("other_config") ? !(value instanceof Map<?, ?>) : !(value instanceof String)) {
                            throw new XapiException("FIELD_TYPE_ERROR", field);
                        }
                        o.set(field, value);
                        pool.changed(o);
                        return null;
                    }
                });
            }
        }
        if (fields.contains("other_config")) {
            d.register(cls + ".add_to_other_config", 4, c -> {
                synchronized (pool) {
                    XObject o = pool.require(cls, c.arg(1));
                    Map<String, Object> oc = new LinkedHashMap<>(o.map("other_config"));
                    String key = c.str(2);
                    if (oc.containsKey(key)) {
                        throw new XapiException("MAP_DUPLICATE_KEY", cls, "other_config", o.ref(), key);
                    }
                    oc.put(key, c.str(3));
                    o.set("other_config", oc);
                    pool.changed(o);
                    return null;
                }
            });
            d.register(cls + ".remove_from_other_config", 3, c -> {
                synchronized (pool) {
                    XObject o = pool.require(cls, c.arg(1));
                    Map<String, Object> oc = new LinkedHashMap<>(o.map("other_config"));
                    if (oc.remove(c.str(2)) != null) {
                        o.set("other_config", oc);
                        pool.changed(o);
                    }
                    return null;
                }
            });
        }
    }

    private static Set<String> fieldsOf(String cls) {
        return new LinkedHashSet<>(Datamodel.xapi().require(cls).fields().keySet());
    }

    static List<Object> list(Object v) {
        if (v instanceof List<?> l) {
            return List.copyOf(l.stream().map(o -> (Object) String.valueOf(o)).toList());
        }
        throw new XapiException("FIELD_TYPE_ERROR", "classes");
    }

    static double asDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new XapiException("FIELD_TYPE_ERROR", "timeout");
        }
    }
}
