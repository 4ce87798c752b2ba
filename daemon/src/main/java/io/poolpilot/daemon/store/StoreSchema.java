package io.poolpilot.daemon.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Brings a database to the current schema with Flyway: detects the flavour, adopts a schema the
 * pre-Flyway migrator made (baseline at the version it reached), then applies every pending
 * migration, each in its own transaction, under Flyway's advisory lock.
 */
public final class StoreSchema {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSchema.class);

    private StoreSchema() {
    }

    /** Detects (or honours) the flavour, migrates, and returns the flavour in use. */
    public static StorageFlavour prepare(DataSource dataSource, StorageFlavour.Choice choice) throws SQLException {
        return prepare(dataSource, choice, List.of());
    }

    /** As {@link #prepare(DataSource, StorageFlavour.Choice)} with more Flyway locations after the flavour's (tests). */
    static StorageFlavour prepare(DataSource dataSource, StorageFlavour.Choice choice, List<String> extraLocations)
            throws SQLException {
        return prepare(dataSource, choice, extraLocations, null);
    }

    /** As above, stopping at version {@code target} (null: the latest); tests upgrade from an earlier release this way. */
    static StorageFlavour prepare(DataSource dataSource, StorageFlavour.Choice choice, List<String> extraLocations,
                                  String target) throws SQLException {
        StorageFlavour flavour;
        OptionalInt legacyVersion;
        try (Connection connection = dataSource.getConnection()) {
            flavour = StorageFlavour.detect(connection, choice);
            legacyVersion = LegacySchemaVersion.toAdopt(connection);
        }
        List<String> locations = new ArrayList<>(flavour.locations());
        locations.addAll(extraLocations);
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(Relations.SCHEMA_HISTORY)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        if (target != null) {
            configuration.target(target);
        }
        if (legacyVersion.isPresent()) {
            // Flyway baselines only when its history table is missing, under its lock: a second daemon
            // starting at the same moment finds the history and skips this.
            String version = Integer.toString(legacyVersion.getAsInt());
            configuration.baselineOnMigrate(true).baselineVersion(version)
                    .baselineDescription(LegacySchemaVersion.BASELINE_DESCRIPTION);
            LOG.info("event=schema_adopt_legacy version={} flavour={} table={}", version, flavour.name(),
                    Relations.SCHEMA_VERSION);
        }
        try {
            MigrateResult result = configuration.load().migrate();
            LOG.info("event=schema_migrated flavour={} applied={} from={} to={}", flavour.name(),
                    result.migrationsExecuted, result.initialSchemaVersion, result.targetSchemaVersion);
        } catch (FlywayException e) {
            throw new SQLException("schema migration failed (" + flavour.name() + "): " + e.getMessage(), e);
        }
        return flavour;
    }
}
