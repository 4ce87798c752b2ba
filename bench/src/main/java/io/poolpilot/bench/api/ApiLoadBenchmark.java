package io.poolpilot.bench.api;

import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.Vm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Load benchmark of the control API's read endpoints on loopback: the demo estate in the simulator, the
 * whole daemon with an embedded PostgreSQL, and {@code --clients} concurrent keep-alive clients hammering
 * one endpoint at a time for {@code --seconds}. Writes p50/p99 latency and requests/s to
 * {@code bench-results/api-load.md}. Run: {@code ./poolpilot bench-api [--clients N] [--seconds S] [--scenario F] [--out F]}.
 */
public final class ApiLoadBenchmark {

    private static final String TOKEN = "pp_benchmark-viewer-token-000000000000000000000000000000000";

    private ApiLoadBenchmark() {
    }

    record Result(String name, long requests, long errors, double seconds, double p50Millis, double p99Millis) {
        double perSecond() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(option(args, "--clients", "16"));
        int seconds = Integer.parseInt(option(args, "--seconds", "10"));
        Path scenario = Path.of(option(args, "--scenario", "config/scenarios/demo.yaml"));
        Path out = Path.of(option(args, "--out", "bench-results/api-load.md"));
        Path work = Files.createTempDirectory("poolpilot-api-bench");
        Simulator simulator = Simulator.start(ScenarioLoader.load(scenario),
                SimulatorOptions.defaults().withClockRate(10).withFirstPoolOctet(110).withAdminPort(-1));
        DaemonRuntime daemon = null;
        try {
            List<PoolConfig> pools = new ArrayList<>();
            for (PoolEndpoint pool : simulator.pools()) {
                Path secret = work.resolve(pool.name() + ".secret");
                Files.writeString(secret, pool.password());
                pools.add(new PoolConfig(pool.name(), pool.masterUrl(), pool.username(), SecretRef.parse("file:" + secret), null));
            }
            Path tokens = work.resolve("tokens");
            Files.writeString(tokens, "bench " + TokenDigest.sha256Hex(TOKEN) + " viewer\n");
            DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                    new CollectConfig(1, 2, 2, 5, 32, "billing_account"), new JournalSettings(null, 48), 15, pools,
                    ControlConfig.defaults().withApiPort(0).withTokensFile(tokens));
            daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
            String pool = simulator.pools().getFirst().name();
            awaitData(daemon, pool);
            var inventory = daemon.collectors().get(pool).inventory();
            String vm = inventory.vms().values().stream().filter(Vm::isGuest).map(Vm::uuid).sorted().findFirst().orElseThrow();
            String host = inventory.hosts().values().stream().map(Host::uuid).sorted().findFirst().orElseThrow();
            Instant now = simulator.clock().instant();
            String range = "from=" + now.minusSeconds(600) + "&to=" + now;
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("GET /v1/pools", "/v1/pools");
            endpoints.put("GET /v1/pools/{id}/hosts", "/v1/pools/" + pool + "/hosts");
            endpoints.put("GET /v1/pools/{id}/vms (limit 50)", "/v1/pools/" + pool + "/vms?limit=50");
            endpoints.put("GET /v1/vms/{uuid}", "/v1/vms/" + vm);
            endpoints.put("GET /v1/vms/{uuid}/metrics (10 min, raw 5 s)", "/v1/vms/" + vm + "/metrics?" + range + "&step=5");
            endpoints.put("GET /v1/hosts/{uuid}/metrics (10 min, 1 min)", "/v1/hosts/" + host + "/metrics?" + range + "&step=60");
            String base = "http://127.0.0.1:" + daemon.apiPort();
            List<Result> results = new ArrayList<>();
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                run(base + e.getValue(), clients, Duration.ofSeconds(2), e.getKey()); // warm-up: JIT, connections
                Result r = run(base + e.getValue(), clients, Duration.ofSeconds(seconds), e.getKey());
                System.out.printf(Locale.ROOT, "%-48s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", r.name(),
                        r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors());
                results.add(r);
            }
            write(out, results, clients, seconds, scenario, inventory.vms().size());
            System.out.println("written to " + out);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            simulator.close();
        }
    }

    private static Result run(String url, int clients, Duration duration, String name) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).GET().build();
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perClient = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[][] holder = new long[1][];
            Thread t = Thread.ofPlatform().start(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t0;
                }
                holder[0] = Arrays.copyOf(latencies, n);
                synchronized (perClient) {
                    perClient.add(holder[0]);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, all.length, errors.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static void awaitData(DaemonRuntime daemon, String pool) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            var inventory = daemon.collectors().get(pool).inventory();
            if (inventory != null && inventory.vms().values().stream().filter(Vm::isGuest)
                    .anyMatch(v -> daemon.liveState().vmWindow(v.uuid()).size() >= 12)) {
                return;
            }
            LockSupport.parkNanos(200_000_000);
        }
        throw new IllegalStateException("no data for pool " + pool + " after 120 s");
    }

    private static void write(Path out, List<Result> results, int clients, int seconds, Path scenario, int vms)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Control API read load benchmark (loopback)\n\n");
        md.append("Command: `./poolpilot bench-api --clients ").append(clients).append(" --seconds ").append(seconds)
                .append("`.\n\n");
        md.append(String.format(Locale.ROOT, "Setup: scenario `%s` (first pool: %d VMs incl. control domains) in the simulator "
                + "at 10x, the whole daemon (collectors, journal, embedded PostgreSQL, executors) in the same JVM as the "
                + "clients, %d concurrent keep-alive HTTP/1.1 clients (JDK HttpClient, platform threads), %d s per endpoint "
                + "after a 2 s warm-up, viewer bearer token on every request. Machine: %d cores (shared), %s.%n%n",
                scenario, vms, clients, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        md.append("| endpoint | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %d |%n", r.name(), r.perSecond(),
                    r.p50Millis(), r.p99Millis(), r.errors()));
        }
        md.append("\nLatency is measured by the client around each request, so it includes the client's own work on the "
                + "same cores. Inventory reads are served from memory; metric reads go to PostgreSQL on the bounded "
                + "`db` pool.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
