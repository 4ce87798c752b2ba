package io.poolpilot.daemon.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Brings a database to the current schema: detects the flavour and applies pending migrations. */
public final class StoreSchema {

    private StoreSchema() {
    }

    /** Detects (or honours) the flavour, migrates, and returns the flavour in use. */
    public static StorageFlavour prepare(DataSource dataSource, StorageFlavour.Choice choice) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            StorageFlavour flavour = StorageFlavour.detect(connection, choice);
            SchemaMigrator.migrate(connection, flavour);
            return flavour;
        }
    }
}
