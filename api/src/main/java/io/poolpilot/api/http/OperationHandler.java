package io.poolpilot.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.poolpilot.api.auth.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** The last handler of an operation's route: hands the checked request to the resource, writes its reply. */
final class OperationHandler implements Handler<RoutingContext> {
    private final Route route;
    private final Function<Exchange, Future<Reply>> resource;
    private final CursorCodec cursors;

    OperationHandler(Route route, Function<Exchange, Future<Reply>> resource, CursorCodec cursors) {
        this.route = route;
        this.resource = resource;
        this.cursors = cursors;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Context context = ctx.vertx().getOrCreateContext();
        Principal principal = ctx.get(RequestKeys.PRINCIPAL);
        ObjectNode body = ctx.get(RequestKeys.BODY);
        Exchange exchange = new Exchange(ctx.vertx(), context, ctx.request(), route, ctx.pathParams(), ctx.queryParams(), principal, body,
                cursors, ctx.get(RequestKeys.REQUEST_ID));
        Future<Reply> reply;
        try {
            reply = resource.apply(exchange);
        } catch (IllegalArgumentException invalidInput) {
            // Input problems thrown while a resource parses its request are the caller's fault (400), not ours.
            reply = Future.failedFuture(new ApiException(Problem.of(ProblemType.VALIDATION, invalidInput.getMessage())));
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        ContextHop.back(context, reply).onComplete(done -> {
            if (done.succeeded()) {
                ReplyWriter.send(ctx, done.result());
            } else {
                ctx.fail(done.cause());
            }
        });
    }
}
