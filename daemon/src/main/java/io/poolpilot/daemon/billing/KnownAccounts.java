package io.poolpilot.daemon.billing;

import io.poolpilot.daemon.usage.UsageRelations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Whether PoolPilot has ever seen a billing account: it has metered usage, or a VM of some pool (in any
 * power state) carries it under the billing key. Suspending or resuming any other account is a typo, refused
 * with 404 rather than answered with an empty operation. Blocking (JDBC, XAPI): run on a worker.
 */
public final class KnownAccounts {

    private final DataSource dataSource;
    private final List<PoolAccess> pools;
    private final String billingAccountKey;

    public KnownAccounts(DataSource dataSource, List<PoolAccess> pools, String billingAccountKey) {
        this.dataSource = dataSource;
        this.pools = List.copyOf(pools);
        this.billingAccountKey = billingAccountKey;
    }

    /** True when the account has usage or a VM; a pool that cannot be asked fails the call (never a false "unknown"). */
    public boolean known(String account) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + UsageRelations.USAGE_RECORD + " WHERE account = ? LIMIT 1")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        for (PoolAccess pool : pools) {
            boolean found = pool.call(client -> client.vms().values().stream()
                    .anyMatch(vm -> vm.isGuest() && account.equals(vm.otherConfig().get(billingAccountKey))));
            if (found) {
                return true;
            }
        }
        return false;
    }
}
