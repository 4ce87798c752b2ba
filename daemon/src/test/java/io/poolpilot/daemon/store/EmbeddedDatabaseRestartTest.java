package io.poolpilot.daemon.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDatabaseRestartTest {

    @TempDir
    Path work;

    private final List<EmbeddedDatabase> started = new ArrayList<>();
    private Process child;

    @AfterEach
    void stop() {
        started.forEach(EmbeddedDatabase::close);
        if (child != null) {
            child.destroyForcibly();
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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String flags = System.getProperty("poolpilot.jvm.flags");
        if (flags != null && !flags.isBlank()) {
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        } else {
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-") || a.startsWith("-D")).toList());
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseProcess.class.getName(), directory.toString()));
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        int port = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    port = Integer.parseInt(line.substring(6).trim());
                    break;
                }
            }
            assertTrue(port > 0, "the child started its database");
            child.destroyForcibly(); // SIGKILL, as kill -9
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        return port;
    }
}
