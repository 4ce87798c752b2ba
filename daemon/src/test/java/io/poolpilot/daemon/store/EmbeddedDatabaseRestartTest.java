package io.poolpilot.daemon.store;

import io.poolpilot.daemon.fixtures.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDatabaseRestartTest {

    @TempDir
    Path work;

    private final List<EmbeddedDatabase> started = new ArrayList<>();
    private ChildProcess child;

    @AfterEach
    void stop() {
        started.forEach(EmbeddedDatabase::close);
        if (child != null) {
            child.close();
        }
        try {
            LeftoverServer.stopIfRunning(work.resolve("db/pgdata").toAbsolutePath());
        } catch (Exception ignored) {
            // best effort: never leave a server behind
        }
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheNextStartSucceedsOnTheSamePortWithItsData() throws Exception {
        Path directory = work.resolve("db");
        int port = startChildAndKillIt(directory);
        // The killed process's server outlived it, as after kill -9 of the daemon.
        try (Connection c = EmbeddedDatabase.dataSource(port).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (n int)");
            st.execute("INSERT INTO kept VALUES (42)");
        }

        EmbeddedDatabase restarted = EmbeddedDatabase.start(directory, EmbeddedDatabase.REMEMBERED_PORT, true, false);
        started.add(restarted);

        assertEquals(port, restarted.port(), "the restarted server keeps the work directory's port");
        try (Connection c = restarted.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT n FROM kept")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    @Test
    void aServerThatCannotStartFailsWithOneLineNamingTheDataDirectoryTheLogAndWhy() throws Exception {
        Path directory = work.resolve("db");
        EmbeddedDatabase.start(directory, 0, false).close();
        Files.writeString(directory.resolve("pgdata/PG_VERSION"), "9\n"); // data files of another major version

        EmbeddedDatabaseException e = assertThrows(EmbeddedDatabaseException.class,
                () -> started.add(EmbeddedDatabase.start(directory, 0, false, false)));

        String message = e.getMessage();
        assertTrue(message.contains(directory.resolve("pgdata").toAbsolutePath().toString()), message);
        assertTrue(message.contains(directory.resolve("postgresql.log").toAbsolutePath().toString()), message);
        assertTrue(message.contains("FATAL"), "the server's own reason, not the library's time-out: " + message);
        assertTrue(message.contains("incompatible"), message);
        assertEquals(1, message.lines().count(), message);
    }

    @Test
    void aRestartedDaemonDatabaseKeepsItsPort() {
        Path directory = work.resolve("db");
        EmbeddedDatabase first = EmbeddedDatabase.start(directory, EmbeddedDatabase.REMEMBERED_PORT, false, false);
        int port = first.port();
        first.close();

        EmbeddedDatabase second = EmbeddedDatabase.start(directory, EmbeddedDatabase.REMEMBERED_PORT, false, false);
        started.add(second);

        assertEquals(port, second.port());
    }

    private int startChildAndKillIt(Path directory) throws Exception {
        child = ChildProcess.start(Path.of(".").toAbsolutePath(), java.util.Map.of(),
                EmbeddedDatabaseProcess.class.getName(), directory.toString());
        String ready = child.awaitLine(java.time.Duration.ofSeconds(120), line -> line.startsWith("READY "));
        int port = Integer.parseInt(ready.substring(6).trim());
        assertTrue(port > 0, "the child started its database");
        child.kill(); // SIGKILL, as kill -9
        assertTrue(!child.alive());
        return port;
    }
}
