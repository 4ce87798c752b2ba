package io.poolpilot.daemon.lease;

import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL lease alone: one holder at a time, renewal, release, takeover only after expiry. */
class PoolLeaseTest {

    @TempDir
    static Path work;
    static EmbeddedDatabase database;
    static DataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        dataSource = database.dataSource();
        StoreSchema.prepare(dataSource, StorageFlavour.Choice.PLAIN);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void onlyOneOwnerHoldsAPoolAndRenewingKeepsIt() {
        PoolLease a = new PoolLease(dataSource, "one", "daemon-a", Duration.ofSeconds(5));
        PoolLease b = new PoolLease(dataSource, "one", "daemon-b", Duration.ofSeconds(5));
        assertThat(a.renew()).isTrue();
        assertThat(b.renew()).isFalse();
        assertThat(a.renew()).isTrue();
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();
        assertThat(a.epoch()).isEqualTo(1);
    }

    @Test
    void anotherOwnerTakesAnExpiredLeaseWithANewEpoch() {
        PoolLease a = new PoolLease(dataSource, "two", "daemon-a", Duration.ofMillis(300));
        PoolLease b = new PoolLease(dataSource, "two", "daemon-b", Duration.ofMillis(300));
        assertThat(a.renew()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!b.renew()) {
            assertThat(System.nanoTime()).as("b never got the expired lease").isLessThan(deadline);
            LockSupport.parkNanos(50_000_000);
        }
        assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
        assertThat(a.held()).as("a trusted its lease for less than the period").isFalse();
        assertThat(a.renew()).isFalse();
    }

    @Test
    void releasedLeaseIsFreeAtOnce() {
        PoolLease a = new PoolLease(dataSource, "three", "daemon-a", Duration.ofMinutes(5));
        PoolLease b = new PoolLease(dataSource, "three", "daemon-b", Duration.ofMinutes(5));
        assertThat(a.renew()).isTrue();
        a.release();
        assertThat(a.held()).isFalse();
        assertThat(b.renew()).isTrue();
    }
}
