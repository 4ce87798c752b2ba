package io.poolpilot.daemon.lease;

import io.poolpilot.daemon.plan.PlanRelations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One daemon's claim on one pool, held in a PostgreSQL row with the database's own clock: renewing
 * extends it, another daemon may take it only after it expired. The holder trusts its claim for less
 * than the lease period measured from before its last renewal, so it stops acting before anyone else
 * can start.
 */
public final class PoolLease {

    private static final Logger log = LoggerFactory.getLogger(PoolLease.class);

    private final DataSource dataSource;
    private final String poolName;
    private final String owner;
    private final Duration period;
    private volatile long validUntilNanos;
    private volatile long epoch;

    public PoolLease(DataSource dataSource, String poolName, String owner, Duration period) {
        if (period.toMillis() < 100) {
            throw new IllegalArgumentException("lease period must be at least 100 ms, got " + period);
        }
        this.dataSource = dataSource;
        this.poolName = poolName;
        this.owner = owner;
        this.period = period;
    }

    /** Takes or renews the lease; true while this daemon holds it. A database error counts as not held. */
    public boolean renew() {
        long askedAt = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + PlanRelations.POOL_LEASE
                     + " AS l (pool_name, owner, epoch, expires_at) VALUES (?, ?, 1, now() + ?::interval) "
                     + "ON CONFLICT (pool_name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, "
                     + "epoch = l.epoch + CASE WHEN l.owner = excluded.owner THEN 0 ELSE 1 END "
                     + "WHERE l.owner = excluded.owner OR l.expires_at < now() RETURNING epoch")) {
            ps.setString(1, poolName);
            ps.setString(2, owner);
            ps.setString(3, period.toMillis() + " milliseconds");
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long newEpoch = rs.getLong(1);
                    if (newEpoch != epoch || !heldLocally()) {
                        log.info("event=lease_acquired pool={} owner={} epoch={}", poolName, owner, newEpoch);
                    }
                    epoch = newEpoch;
                    // Trust it for 80% of the period from before the call: the row may have been written late.
                    validUntilNanos = askedAt + period.toNanos() * 8 / 10;
                    return true;
                }
            }
        } catch (SQLException e) {
            log.warn("event=lease_renew_failed pool={} owner={} error=\"{}\"", poolName, owner, e.getMessage());
        }
        if (heldLocally()) {
            log.info("event=lease_lost pool={} owner={}", poolName, owner);
        }
        validUntilNanos = 0;
        return false;
    }

    /** True while the last successful renewal is recent enough to act on. */
    public boolean held() {
        return heldLocally();
    }

    private boolean heldLocally() {
        long until = validUntilNanos;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /** Gives the lease up so another daemon may take it at once (clean shutdown). */
    public void release() {
        validUntilNanos = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + PlanRelations.POOL_LEASE
                     + " WHERE pool_name = ? AND owner = ?")) {
            ps.setString(1, poolName);
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            log.warn("event=lease_release_failed pool={} owner={} error=\"{}\"", poolName, owner, e.getMessage());
        }
    }

    public String poolName() {
        return poolName;
    }

    public String owner() {
        return owner;
    }

    public long epoch() {
        return epoch;
    }

    public Duration period() {
        return period;
    }
}
