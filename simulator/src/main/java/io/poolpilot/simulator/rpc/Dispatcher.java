package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.Session;
import io.poolpilot.simulator.state.Tasks;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pool's XAPI method table. Checks, in XAPI's order: method known, parameter count, session valid;
 * then runs the handler. {@code Async.C.m} runs {@code C.m} as a task and answers the task ref.
 */
public final class Dispatcher {
    /** What a handler gets: the pool, the caller's session (null before login), the arguments, its task if async. */
    public record Call(PoolState pool, Session session, List<Object> args, XObject task, Context context) {
        public Object arg(int i) {
            return args.get(i);
        }

        public String str(int i) {
            Object v = args.get(i);
            return v == null ? "" : v.toString();
        }
    }

    /** A method body: returns a wire value, null for void, or a Future of one. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Call call);
    }

    /** A registered method; arity counts the session argument. */
    public record Method(String name, int minArity, int maxArity, boolean needsSession, boolean asyncable, Handler handler) {
    }

    private final PoolState pool;
    private final Map<String, Method> methods = new TreeMap<>();

    public Dispatcher(PoolState pool) {
        this.pool = pool;
    }

    public void register(String name, int arity, Handler handler) {
        methods.put(name, new Method(name, arity, arity, true, false, handler));
    }

    public void registerAsyncable(String name, int arity, Handler handler) {
        methods.put(name, new Method(name, arity, arity, true, true, handler));
    }

    public void registerWithoutSession(String name, int minArity, int maxArity, Handler handler) {
        methods.put(name, new Method(name, minArity, maxArity, false, false, handler));
    }

    /** Every method name, Async variants included (system.listMethods). */
    public List<String> methodNames() {
        List<String> out = new ArrayList<>(methods.keySet());
        methods.values().stream().filter(Method::asyncable).forEach(m -> out.add("Async." + m.name()));
        return out;
    }

    public boolean knows(String name) {
        return methods.containsKey(name) || (name.startsWith("Async.") && asyncMethod(name) != null);
    }

    private Method asyncMethod(String name) {
        Method m = methods.get(name.substring("Async.".length()));
        return m != null && m.asyncable() ? m : null;
    }

    /** Runs a call; the future fails with {@link XapiException} for XAPI errors. */
    public Future<Object> dispatch(String requested, List<Object> args, Context context) {
        try {
            String name = canonical(requested);
            boolean async = name.startsWith("Async.");
            Method m = async ? asyncMethod(name) : methods.get(name);
            if (m == null) {
                throw new XapiException("MESSAGE_METHOD_UNKNOWN", name);
            }
            if (args.size() < m.minArity() || args.size() > m.maxArity()) {
                throw new XapiException("MESSAGE_PARAMETER_COUNT_MISMATCH", name, Integer.toString(m.maxArity()),
                        Integer.toString(args.size()));
            }
            Session session = m.needsSession() ? pool.requireSession(args.getFirst()) : null;
            if (!async) {
                return asFuture(m.handler().handle(new Call(pool, session, args, null, context)));
            }
            XObject task = Tasks.create(pool, name);
            try {
                asFuture(m.handler().handle(new Call(pool, session, args, task, context))).onComplete(ar -> {
                    if (ar.succeeded()) {
                        Tasks.succeed(pool, task, ar.result());
                    } else {
                        Tasks.fail(pool, task, toXapi(ar.cause()));
                    }
                });
            } catch (RuntimeException e) {
                Tasks.fail(pool, task, toXapi(e));
            }
            return Future.succeededFuture(task.ref());
        } catch (RuntimeException e) {
            return Future.failedFuture(toXapi(e));
        }
    }

    /**
     * Python's XenAPI binding cannot spell {@code event.from} ("from" is a keyword), so clients call
     * {@code event_from}; xapi accepts the underscore form for a dotless name, and so do we.
     */
    private String canonical(String name) {
        if (name.indexOf('.') < 0 && name.indexOf('_') > 0) {
            String dotted = name.replaceFirst("_", ".");
            if (methods.containsKey(dotted)) {
                return dotted;
            }
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Future<Object> asFuture(Object result) {
        return result instanceof Future<?> f ? (Future<Object>) f : Future.succeededFuture(result);
    }

    /** Any failure as an XAPI error: unexpected exceptions become INTERNAL_ERROR. */
    public static XapiException toXapi(Throwable t) {
        if (t instanceof XapiException x) {
            return x;
        }
        return new XapiException("INTERNAL_ERROR", String.valueOf(t));
    }
}
