package io.poolpilot.daemon.demo;

import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.ConfigLoader;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo: a simulated estate, an embedded PostgreSQL and the daemon collecting every simulated
 * pool, wired exactly as a real deployment (pool passwords go through secret files, not config).
 */
public final class Demo {

    private Demo() {
    }

    /** The running demo: the simulated estate and the daemon collecting it. */
    public record Running(Simulator simulator, DaemonRuntime daemon) implements AutoCloseable {
        @Override
        public void close() {
            daemon.close();
            simulator.close();
        }
    }

    /** The README's demo: {@code config/poolpilot.yaml} from the working directory, the process environment. */
    public static Running start(Path scenarioFile, Path workDir, int port) {
        return start(scenarioFile, workDir, port, Path.of("config/poolpilot.yaml"), System.getenv());
    }

    public static Running start(Path scenarioFile, Path workDir, int port, Path configFile,
                                Map<String, String> environment) {
        Simulator simulator = Simulator.start(ScenarioLoader.load(scenarioFile),
                SimulatorOptions.defaults().withPort(port)
                        // A fixed fault-injection port next to the pools' (none fixed when any port is asked for).
                        .withAdminPort(port == 0 ? 0 : port + 1));
        try {
            Path secrets = workDir.resolve("secrets");
            Files.createDirectories(secrets);
            List<PoolConfig> pools = new ArrayList<>();
            for (PoolEndpoint pool : simulator.pools()) {
                Path secret = secrets.resolve(pool.name());
                Files.writeString(secret, pool.password());
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
                pools.add(new PoolConfig(pool.name(), pool.masterUrl(), pool.username(),
                        SecretRef.parse("file:" + secret.toAbsolutePath()), null));
            }
            // The admin token survives restarts of this work directory; an operator's own tokens are kept.
            DemoTokens.TokenFiles tokenFiles = DemoTokens.ensure(secrets);
            Path tokens = tokenFiles.tokens();
            Path tokenFile = tokenFiles.adminToken();
            DaemonConfig loaded = new ConfigLoader().load(configFile, environment)
                    .withWorkDir(workDir).withPools(pools);
            DaemonConfig config = loaded.withControl(loaded.control().withTokensFile(tokens));
            DaemonRuntime daemon = DaemonRuntime.start(config, Map.of(), Clock.systemUTC());
            printWhereToLook(simulator, daemon);
            printApi(daemon, tokenFile.toAbsolutePath(), simulator.pools().getFirst().name());
            return new Running(simulator, daemon);
        } catch (IOException e) {
            simulator.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    private static void printApi(DaemonRuntime daemon, Path tokenFile, String pool) {
        if (daemon.apiPort() < 0) {
            return;
        }
        String api = "http://127.0.0.1:" + daemon.apiPort();
        System.out.println("control API:              " + api + "/v1  (OpenAPI: " + api + "/openapi.json)\n"
                + "demo admin token in:      " + tokenFile + " (mode 600; never printed)\n"
                + "try: export AUTH=\"Authorization: Bearer $(cat " + tokenFile + ")\"\n"
                + "     curl -s -H \"$AUTH\" " + api + "/v1/pools/" + pool + "/hosts\n"
                + "     curl -s -H \"$AUTH\" -H 'Content-Type: application/json' -d '{\"mode\":\"balance\"}' "
                + api + "/v1/pools/" + pool + "/plans\n"
                + "     curl -sN -H \"$AUTH\" " + api + "/v1/events   # live plan progress\n");
    }

    private static void printWhereToLook(Simulator simulator, DaemonRuntime daemon) {
        StringBuilder out = new StringBuilder("\n=== PoolPilot demo is running (Ctrl-C stops) ===\n");
        for (PoolEndpoint pool : simulator.pools()) {
            out.append(String.format("pool %-6s master %s  user %s  password %s  (%d hosts)%n", pool.name(),
                    pool.masterUrl(), pool.username(), pool.password(), pool.hosts().size()));
        }
        out.append("simulator admin (faults): ").append(simulator.adminUrl()).append('\n');
        out.append("daemon health/metrics:    http://127.0.0.1:").append(daemon.managementPort())
                .append("/readyz  /metrics\n");
        if (daemon.embeddedJdbcUrl() != null) {
            out.append("database (").append(daemon.flavour().name()).append("):   ").append(daemon.embeddedJdbcUrl())
                    .append('\n');
            String port = daemon.embeddedJdbcUrl().replaceAll(".*:(\\d+)/.*", "$1");
            out.append("try: psql -h 127.0.0.1 -p ").append(port)
                    .append(" -U postgres -c 'select count(*), max(ts) from vm_sample'\n");
        }
        System.out.println(out);
    }
}
