package io.poolpilot.api.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Ports may complete on their own threads; what follows them belongs back on the request's event loop. */
final class ContextHop {
    private ContextHop() {
    }

    static <T> Future<T> back(Context context, Future<T> future) {
        Promise<T> local = Promise.promise();
        future.onComplete(result -> {
            if (Vertx.currentContext() == context) {
                local.handle(result);
            } else {
                context.runOnContext(v -> local.handle(result));
            }
        });
        return local.future();
    }
}
