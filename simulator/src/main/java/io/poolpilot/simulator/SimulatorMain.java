package io.poolpilot.simulator;

import io.poolpilot.simulator.scenario.Scenario;
import io.poolpilot.simulator.scenario.ScenarioException;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code --scenario config/scenarios/demo.yaml [--port 4480] [--clock-rate 1] [--admin-port 4479]
 * [--first-pool-octet 10]}. Prints each pool's master URL, credentials and hosts, then runs until Ctrl-C.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    /** Parsed command line. */
    record Args(Path scenario, SimulatorOptions options) {
        static Args parse(String[] argv) {
            Path scenario = null;
            SimulatorOptions o = SimulatorOptions.defaults().withPort(4480);
            for (int i = 0; i < argv.length; i++) {
                String flag = argv[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException("");
                }
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String v = argv[++i];
                try {
                    switch (flag) {
                        case "--scenario" -> scenario = Path.of(v);
                        case "--port" -> o = o.withPort(Integer.parseInt(v));
                        case "--clock-rate" -> o = o.withClockRate(Double.parseDouble(v));
                        case "--admin-port" -> o = o.withAdminPort(Integer.parseInt(v));
                        case "--first-pool-octet" -> o = o.withFirstPoolOctet(Integer.parseInt(v));
                        case "--start-time" -> o = o.withStartTime(Instant.parse(v));
                        case "--migration-bandwidth-mib" -> o = o.withMigrationBandwidth(Long.parseLong(v) << 20);
                        default -> throw new IllegalArgumentException("unknown option " + flag);
                    }
                } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException(flag + ": not a valid value: " + v);
                }
            }
            if (scenario == null) {
                throw new IllegalArgumentException("--scenario is required");
            }
            return new Args(scenario, o);
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args;
        Scenario scenario;
        try {
            args = Args.parse(argv);
            scenario = ScenarioLoader.load(args.scenario());
        } catch (IllegalArgumentException | ScenarioException | java.io.UncheckedIOException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println("usage: SimulatorMain --scenario FILE [--port 4480] [--clock-rate 1] [--admin-port 0]"
                    + " [--first-pool-octet 10] [--start-time 2026-11-25T00:00:00Z] [--migration-bandwidth-mib 1024]");
            System.exit(2);
            return;
        }
        Simulator sim = Simulator.start(scenario, args.options());
        printEndpoints(sim, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }

    /** The endpoints block the program prints at start (the demo reads it back from a simulator in its own process). */
    public static void printEndpoints(Simulator sim, PrintStream out) {
        out.println("PoolPilot XAPI simulator: scenario '" + sim.scenario().name() + "', " + sim.scenario().hostCount()
                + " hosts, " + sim.scenario().vmCount() + " VMs, clock x" + sim.clock().rate());
        for (PoolEndpoint p : sim.pools()) {
            out.println("pool " + p.name() + " (" + p.uuid() + ")");
            out.println("  master   " + p.masterUrl() + "  user " + p.username() + "  password " + p.password());
            for (HostEndpoint h : p.hosts()) {
                out.println("  host     " + h.name() + "  " + h.url() + "rrd_updates  uuid " + h.uuid());
            }
        }
        if (sim.adminUrl() != null) {
            out.println("admin    " + sim.adminUrl() + "state  (POST /faults/<type>, see README)");
        }
        out.println("Ctrl-C to stop.");
        out.flush();
    }
}
