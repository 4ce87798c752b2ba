package io.poolpilot.api.port;

import io.poolpilot.api.model.UsageFeedPage;
import io.poolpilot.api.model.UsageQuery;
import io.poolpilot.api.model.UsageRow;
import io.vertx.core.Future;

import java.util.List;

/**
 * Metered usage for billing: sums per hour, day or month, and the feed of closed records. The feed is
 * in strict commit order; {@code after} is a cursor this port issued (null: from the first record) and
 * pulling twice from one cursor returns the same records. An unknown cursor fails with
 * {@link PortFailure.InvalidCursor}.
 */
public interface UsagePort {
    /** Largest feed page. */
    int MAX_FEED_LIMIT = 10_000;

    Future<List<UsageRow>> usage(UsageQuery query);

    Future<UsageFeedPage> feed(String after, int limit);

    /** Until the usage meter is wired: every call answers 503. */
    static UsagePort unavailable() {
        return new UsagePort() {
            @Override
            public Future<List<UsageRow>> usage(UsageQuery query) {
                return Future.failedFuture(new PortFailure.Unavailable(AccountPort.NOT_CONFIGURED));
            }

            @Override
            public Future<UsageFeedPage> feed(String after, int limit) {
                return Future.failedFuture(new PortFailure.Unavailable(AccountPort.NOT_CONFIGURED));
            }
        };
    }
}
