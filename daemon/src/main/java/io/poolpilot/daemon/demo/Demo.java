package io.poolpilot.daemon.demo;

import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.ConfigLoader;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
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

    /**
     * The running demo: the simulated estate (null when the simulator runs in its own process, which outlives the
     * demo) and the daemon collecting it.
     */
    public record Running(Simulator simulator, DaemonRuntime daemon) implements AutoCloseable {
        @Override
        public void close() {
            daemon.close();
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** The README's demo: {@code config/poolpilot.yaml} from the working directory, the process environment. */
    public static Running start(Path scenarioFile, Path workDir, int port, boolean simulatorProcess) {
        return start(scenarioFile, workDir, port, Path.of("config/poolpilot.yaml"), System.getenv(), simulatorProcess);
    }

    public static Running start(Path scenarioFile, Path workDir, int port, Path configFile,
                                Map<String, String> environment) {
        return start(scenarioFile, workDir, port, configFile, environment, false);
    }

    /**
     * @param simulatorProcess run the simulator in a process of its own (started once per work directory, reused by
     *                         later starts), so a crash of the daemon leaves the pools running
     */
    public static Running start(Path scenarioFile, Path workDir, int port, Path configFile,
                                Map<String, String> environment, boolean simulatorProcess) {
        Simulator simulator = null;
        DemoPools estate;
        try {
            Files.createDirectories(workDir);
            if (simulatorProcess) {
                estate = SimulatorProcess.startOrReuse(workDir, scenarioFile, port);
            } else {
                simulator = Simulator.start(ScenarioLoader.load(scenarioFile), SimulatorOptions.defaults().withPort(port)
                        // A fixed fault-injection port next to the pools' (none fixed when any port is asked for).
                        .withAdminPort(port == 0 ? 0 : port + 1));
                estate = DemoPools.of(simulator);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path secrets = workDir.resolve("secrets");
            Files.createDirectories(secrets);
            List<PoolConfig> pools = new ArrayList<>();
            for (DemoPools.Pool pool : estate.pools()) {
                Path secret = secrets.resolve(pool.name());
                Files.writeString(secret, pool.password());
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
                pools.add(new PoolConfig(pool.name(), java.net.URI.create(pool.masterUrl()), pool.username(),
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
            printWhereToLook(estate, daemon, simulatorProcess ? workDir.resolve("simulator.pid") : null);
            printApi(daemon, tokenFile.toAbsolutePath(), estate.pools().getFirst().name());
            return new Running(simulator, daemon);
        } catch (IOException e) {
            if (simulator != null) {
                simulator.close();
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
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

    private static void printWhereToLook(DemoPools estate, DaemonRuntime daemon, Path simulatorPid) {
        StringBuilder out = new StringBuilder("\n=== PoolPilot demo is running (Ctrl-C stops) ===\n");
        for (DemoPools.Pool pool : estate.pools()) {
            out.append(String.format("pool %-6s master %s  user %s  password %s  (%d hosts)%n", pool.name(),
                    pool.masterUrl(), pool.username(), pool.password(), pool.hosts()));
        }
        out.append("simulator admin (faults): ").append(estate.adminUrl()).append('\n');
        if (simulatorPid != null) {
            out.append("simulator in its own process (outlives the demo; kill -9 the demo to see the back-fill); "
                    + "stop it: kill $(cat ").append(simulatorPid).append(")\n");
        }
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
