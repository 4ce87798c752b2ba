package io.poolpilot.bench.collection;

import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The simulator in a child JVM (so its CPU is not the daemon's), and the pools it prints on start. */
final class SimulatorProcess {

    private static final Pattern POOL = Pattern.compile("^pool (\\S+) \\(");
    private static final Pattern MASTER = Pattern.compile("^\\s+master\\s+(\\S+)\\s+user (\\S+)\\s+password (\\S+)");

    private SimulatorProcess() {
    }

    static Process start(Path scenario) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("-Dlogback")).toList());
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "io.poolpilot.simulator.SimulatorMain", "--scenario", scenario.toString(), "--port", "0",
                "--first-pool-octet", "40", "--admin-port", "-1"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the pools and their master credentials the simulator prints, writing each password to a file under {@code work}. */
    static List<PoolConfig> readPools(Process simulator, Path work) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
        List<PoolConfig> pools = new ArrayList<>();
        String pool = null;
        List<String> seen = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            if (seen.size() < 20) {
                seen.add(line);
            }
            Matcher p = POOL.matcher(line);
            Matcher m = MASTER.matcher(line);
            if (p.find()) {
                pool = p.group(1);
            } else if (m.find() && pool != null) {
                Path secret = work.resolve(pool + ".secret");
                Files.writeString(secret, m.group(3));
                pools.add(new PoolConfig(pool, URI.create(m.group(1)), m.group(2),
                        SecretRef.parse("file:" + secret), null));
            } else if (line.startsWith("Ctrl-C")) {
                break;
            }
        }
        if (pools.isEmpty()) {
            throw new IllegalStateException("the simulator printed no pools; it said: " + String.join(" | ", seen));
        }
        // Keep draining its output so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (reader.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the simulator stopped
            }
        });
        return pools;
    }
}
