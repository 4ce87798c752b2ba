package io.poolpilot.bench.simulator;

import io.poolpilot.simulator.HostEndpoint;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.Scenario;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the large scenario (64 hosts x 50 VMs) and measures every host's rrd_updates latency as a
 * collector sees it (incremental polls, the full 10-minute window, and all hosts at once), plus the
 * simulator's heap. Writes bench-results/simulator.txt.
 *
 * <p>Run: {@code ./poolpilot bench-simulator [scenario.yaml [rounds [out]]]} (defaults
 * {@code config/scenarios/large.yaml 20 bench-results/simulator.txt}).
 */
public final class RrdLatencyBench {
    private static final Pattern SESSION = Pattern.compile("<value>(OpaqueRef:[^<]+)</value>");

    private RrdLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path scenarioFile = Path.of(args.length > 0 ? args[0] : "config/scenarios/large.yaml");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path out = Path.of(args.length > 2 ? args[2] : "bench-results/simulator.txt");
        Scenario scenario = ScenarioLoader.load(scenarioFile);
        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        // Start ten simulated minutes in the past of "now" so the full 120-row window exists.
        SimulatorOptions options = SimulatorOptions.defaults().withAdminPort(-1)
                .withStartTime(Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (Simulator sim = Simulator.start(scenario, options)) {
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            List<String> lines = new ArrayList<>();
            lines.add("# PoolPilot simulator benchmark (RrdLatencyBench)");
            lines.add("date: " + Instant.now());
            lines.add("scenario: " + scenarioFile + " (" + scenario.hostCount() + " hosts, " + scenario.vmCount() + " VMs)");
            lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, java " + System.getProperty("java.version")
                    + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
            lines.add("rounds: " + rounds + " (each round hits every host once)");
            lines.add("load average at start (shared machine): " + loadAverage());
            lines.add(String.format(Locale.ROOT, "startup: %d ms", startMillis));
            for (PoolEndpoint pool : sim.pools()) {
                String session = login(http, pool);
                List<HostEndpoint> hosts = pool.hosts();
                // Warm-up: the JIT and connection pool, not measured.
                measure(http, hosts, session, sim, 10, 3, false);
                sim.drainRrdServiceNanos();
                Stats incremental = measure(http, hosts, session, sim, 10, rounds, false);
                Stats incrementalServer = Stats.ofNanos(sim.drainRrdServiceNanos());
                Stats window = measure(http, hosts, session, sim, 600, Math.max(3, rounds / 4), false);
                Stats windowServer = Stats.ofNanos(sim.drainRrdServiceNanos());
                Stats burst = measure(http, hosts, session, sim, 10, rounds, true);
                Stats burstServer = Stats.ofNanos(sim.drainRrdServiceNanos());
                lines.add("pool " + pool.name() + ": latency seen by an HTTP client in the same JVM / time the server took to answer");
                lines.add("  incremental poll (start=now-10s, host=true, ~2 rows): client " + incremental);
                lines.add("                                                         server " + incrementalServer);
                lines.add("  full window      (start=now-600s, 120 rows):           client " + window);
                lines.add("                                                         server " + windowServer);
                lines.add("  burst, all " + hosts.size() + " hosts at once (start=now-10s):     client " + burst);
                lines.add("                                                         server " + burstServer);
                lines.add(String.format(Locale.ROOT, "  incremental answer size: %d KiB per host (%d legend columns)",
                        incremental.bytes / 1024, incremental.columns));
            }
            System.gc();
            long heapAfter = usedHeap();
            lines.add(String.format(Locale.ROOT, "heap used after GC: %d MiB (before start: %d MiB, simulation: %d MiB)",
                    heapAfter >> 20, heapBefore >> 20, (heapAfter - heapBefore) >> 20));
            lines.add(String.format(Locale.ROOT, "process RSS-ish (committed heap + non-heap): %d MiB",
                    (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()
                            + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted()) >> 20));
            lines.add("load average at end: " + loadAverage());
            lines.add("target: every host's rrd_updates under 50 ms");
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, lines);
            lines.forEach(System.out::println);
            System.out.println("written to " + out.toAbsolutePath());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String login(HttpClient http, PoolEndpoint pool) throws IOException, InterruptedException {
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>session.login_with_password</methodName><params>"
                + "<param><value>" + pool.username() + "</value></param><param><value>" + pool.password()
                + "</value></param></params></methodCall>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(pool.masterUrl()).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = SESSION.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("login failed: " + r.body());
        }
        return m.group(1);
    }

    /** Latency figures over all requests of a measurement. */
    private record Stats(List<Double> millis, long bytes, int columns) {
        static Stats ofNanos(List<Long> nanos) {
            return new Stats(nanos.stream().map(n -> n / 1e6).toList(), 0, 0);
        }

        double pct(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", millis.size(), pct(0.5), pct(0.99),
                    pct(1.0));
        }
    }

    private static Stats measure(HttpClient http, List<HostEndpoint> hosts, String session, Simulator sim, long backSeconds,
                                 int rounds, boolean concurrent) throws Exception {
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        long[] bytes = new long[1];
        int[] columns = new int[1];
        for (int r = 0; r < rounds; r++) {
            long start = sim.clock().instant().getEpochSecond() - backSeconds;
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (HostEndpoint h : hosts) {
                URI uri = URI.create(h.url() + "rrd_updates?session_id=" + session + "&start=" + start
                        + "&cf=AVERAGE&interval=5&host=true");
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
                long t0 = System.nanoTime();
                CompletableFuture<Void> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenAccept(resp -> {
                    millis.add((System.nanoTime() - t0) / 1e6);
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException(h.name() + " answered " + resp.statusCode());
                    }
                    String body = resp.body();
                    bytes[0] = body.length();
                    int at = body.indexOf("<columns>");
                    columns[0] = Integer.parseInt(body.substring(at + 9, body.indexOf('<', at + 9)));
                });
                if (concurrent) {
                    inFlight.add(f);
                } else {
                    f.join();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
        return new Stats(millis, bytes[0], columns[0]);
    }
}
