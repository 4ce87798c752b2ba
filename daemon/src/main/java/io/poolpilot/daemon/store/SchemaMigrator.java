package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny versioned migration runner: applies {@code db/migration/.../V<n>__<what>.sql} resources
 * in order, each in its own transaction, recorded in {@code schema_version} with a checksum.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern FILE = Pattern.compile("(?:.*/)?V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    /** Serialises migrations when several daemons start against one database. */
    private static final long LOCK_KEY = 0x706f6f6c70696c6fL;

    private SchemaMigrator() {
    }

    /** Applies every pending migration of {@code flavour}; returns how many were applied. */
    public static int migrate(Connection connection, StorageFlavour flavour) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                st.execute("CREATE TABLE IF NOT EXISTS " + Relations.SCHEMA_VERSION + " ("
                        + "version integer PRIMARY KEY, description text NOT NULL, flavour text NOT NULL, "
                        + "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            Map<Integer, String> applied = new TreeMap<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + Relations.SCHEMA_VERSION)) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
            int count = 0;
            for (String resource : flavour.migrations()) {
                Matcher m = FILE.matcher(resource);
                if (!m.matches()) {
                    throw new IllegalStateException("migration " + resource + " is not named V<n>__<what>.sql");
                }
                int version = Integer.parseInt(m.group(1));
                String sql = load(resource);
                String checksum = sha256(sql);
                String previous = applied.get(version);
                if (previous != null) {
                    if (!previous.equals(checksum)) {
                        throw new SQLException("migration V" + version + " (" + resource + ") changed after it was applied; "
                                + "add a new migration instead of editing an applied one");
                    }
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Relations.SCHEMA_VERSION
                        + " (version, description, flavour, checksum) VALUES (?, ?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, m.group(2).replace('_', ' '));
                    ps.setString(3, flavour.name());
                    ps.setString(4, checksum);
                    ps.executeUpdate();
                }
                LOG.info("schema migration applied version={} resource={} flavour={}", version, resource, flavour.name());
                count++;
            }
            connection.commit();
            return count;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The flavour the schema was created with, or null for an empty database. */
    static String recordedFlavour(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + Relations.SCHEMA_VERSION + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT flavour FROM " + Relations.SCHEMA_VERSION + " ORDER BY version LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Text of a migration resource. */
    public static String load(String resource) {
        String path = "/db/migration/" + resource;
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + path + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
