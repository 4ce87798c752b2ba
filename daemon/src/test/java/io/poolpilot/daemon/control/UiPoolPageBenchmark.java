package io.poolpilot.daemon.control;

import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.SimulatedPools;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark (a command, not a test) of the web UI's pool page for a pool of 3,200 VMs
 * ({@code config/scenarios/large.yaml}) in headless Chromium against the whole daemon: time from
 * navigation to the page drawn with every VM, and from a VM's live migration (done in XAPI) to the page
 * showing it on its new host. Writes {@code bench-results/ui-pool-page.md}. Run:
 * {@code mvn -B -o -pl daemon -am -DskipTests -Dexec.skip=true -Dexec.executable=java test-compile exec:exec@ui-bench}
 */
public final class UiPoolPageBenchmark {
    private static final String TOKEN = "pp_ui-bench-token-000000000000000000000000000000000000000";

    public static void main(String[] args) throws Exception {
        Path scenario = Path.of(args.length > 0 ? args[0] : "config/scenarios/large.yaml");
        Path out = Path.of(args.length > 1 ? args[1] : "bench-results/ui-pool-page.md");
        int rounds = 5;
        Path work = Files.createTempDirectory("poolpilot-ui-bench");
        Simulator simulator = Simulator.start(ScenarioLoader.load(scenario),
                SimulatorOptions.defaults().withClockRate(1).withFirstPoolOctet(120).withAdminPort(-1));
        DaemonRuntime daemon = null;
        Browser browser = null;
        try {
            Path tokens = work.resolve("tokens");
            Files.writeString(tokens, "bench " + TokenDigest.sha256Hex(TOKEN) + " operator\n");
            DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                    new CollectConfig(5, 2, 60, 5, 32, "billing_account"), new JournalSettings(null, 48), 15,
                    SimulatedPools.configs(simulator, work), ControlConfig.defaults().withApiPort(0).withTokensFile(tokens));
            daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
            String pool = simulator.pools().getFirst().name();
            DaemonRuntime running = daemon;
            Await.until(Duration.ofMinutes(3), "inventory and first samples of " + pool, () -> {
                var inventory = running.collectors().get(pool).inventory();
                return inventory != null && inventory.hosts().values().stream().allMatch(h -> running.liveState().hostWindow(h.uuid()).size() >= 2);
            });
            int vms = (int) daemon.collectors().get(pool).inventory().vms().values().stream().filter(Vm::isGuest).count();
            browser = new Browser(daemon.apiPort());
            Browser b = browser;
            browser.logIn(TOKEN);

            List<Long> firstRender = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                browser.open("#/");
                browser.await(d -> !b.all("section[data-pool]").isEmpty());
                long start = System.nanoTime();
                browser.open("#/pools/" + pool);
                browser.await(d -> b.all("tr[data-vm]").size() == vms && !b.all("[data-chart=pool-cpu] canvas").isEmpty());
                firstRender.add((System.nanoTime() - start) / 1_000_000);
            }

            List<Long> liveUpdate = new ArrayList<>();
            XapiClient client = xapi(simulator.pool(pool));
            try {
                List<Host> hosts = client.hosts().values().stream().sorted(Comparator.comparing(Host::nameLabel)).toList();
                List<Vm> guests = client.vms().values().stream().filter(Vm::isGuest).sorted(Comparator.comparing(Vm::nameLabel)).toList();
                for (int i = 0; i < rounds; i++) {
                    Vm vm = guests.get(i * 37);
                    String current = vm.residentOn().orElseThrow();
                    Host target = hosts.stream().filter(h -> !h.ref().equals(current)).findFirst().orElseThrow();
                    String task = client.asyncPoolMigrate(vm.ref(), target.ref(), Map.of("live", "true"));
                    Await.until(Duration.ofMinutes(2), "migration of " + vm.nameLabel(), () -> client.task(task).status() != TaskStatus.PENDING);
                    long start = System.nanoTime();
                    String row = "tr[data-vm='" + vm.nameLabel() + "'] td:nth-child(3)";
                    browser.await(d -> {
                        List<WebElement> cells = b.all(row);
                        return !cells.isEmpty() && cells.getFirst().getText().equals(target.nameLabel());
                    });
                    liveUpdate.add((System.nanoTime() - start) / 1_000_000);
                }
            } finally {
                client.session().close();
            }
            String md = String.format(Locale.ROOT, """
                    # Web UI: the pool page at %d VMs

                    `UiPoolPageBenchmark` (%s): headless Chromium (%s) against the whole daemon (embedded PostgreSQL,
                    collection every 5 s) and the simulator, pool `%s` of %d hosts and %d VMs, on the shared 2-core
                    machine. %d rounds each.

                    | what | median | max | all (ms) |
                    |---|---|---|---|
                    | first render: navigation to the page drawn with every VM row and the CPU-per-host chart | %d ms | %d ms | %s |
                    | live update: a VM's migration done in XAPI until its row shows the new host | %d ms | %d ms | %s |

                    The first render is the API calls the page makes (the pool, its policy, its hosts, every VM in
                    pages of 500, one metrics series per host) and drawing a table of every VM. A live update waits
                    for the daemon to see the move (`event.from`), the `inventory.changed` event (checked every
                    second) and the page's refetch of hosts and VMs; the 5 s periodic refresh is the upper bound
                    when the event is missed.
                    """, vms, Instant.now(), browserVersion(browser), pool, daemon.collectors().get(pool).inventory().hosts().size(), vms,
                    rounds, median(firstRender), max(firstRender), firstRender, median(liveUpdate), max(liveUpdate), liveUpdate);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md);
            System.out.println(md);
            System.out.println("written to " + out);
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (daemon != null) {
                daemon.close();
            }
            simulator.close();
        }
    }

    private static String browserVersion(Browser browser) {
        return String.valueOf(((org.openqa.selenium.HasCapabilities) browser.driver()).getCapabilities().getBrowserVersion());
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static XapiClient xapi(PoolEndpoint endpoint) {
        return new XapiClient(XapiSession.login(XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "ui-bench"));
    }
}
