package io.poolpilot.daemon.control;

import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.console.RfbTestClient;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.console.VmConsoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VM console page in a real headless Chromium: noVNC (served from the jar) over the daemon's WebSocket to
 * the simulator's RFB console. What the page types is read back from the VM's screen by a second viewer
 * straight on the simulated host. Screenshots to target/ui-screenshots/ and -Dpoolpilot.screenshots.dir.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePageBrowserTest {
    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_operator-token-for-console-page-00000000000000000000000";
    private static final String VIEWER = "pp_viewer-token-for-console-page-000000000000000000000000";

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.assertTrue(Browser.installed(),
                    "CI=true but Chromium or its driver is missing: .ci/run should have installed chromium chromium-driver");
        }
        Assumptions.assumeTrue(Browser.installed(), "needs Chromium and its driver: apt-get install chromium chromium-driver");
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/console.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(95).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, c -> c,
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("watcher", VIEWER, "viewer"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        ApiClient api = new ApiClient(daemon.apiPort());
        Await.until(Duration.ofSeconds(60), "kappa's VMs in the API", () -> api.get(VIEWER, "/v1/vms/" + vmUuid("parked")).status() == 200);
        browser = new Browser(daemon.apiPort());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void theConsolePageShowsTheVmsScreenAndWhatIsTypedReachesTheVm() throws Exception {
        browser.logIn(OPERATOR);
        browser.open("#/vms/" + vmUuid("shell") + "/console");
        awaitStatus("connected");
        assertThat(text("#console-status")).contains("Connected to shell");
        WebElement canvas = browser.await(d -> d.findElement(By.cssSelector("#console-screen canvas")));
        new Actions(browser.driver()).click(canvas).sendKeys("echo hello from chromium").perform();
        awaitScreen("shell", "shell login: echo hello from chromium_");
        // Paste as keys: the text box's text arrives as key presses.
        browser.driver().findElement(By.id("console-paste")).sendKeys(" && date");
        browser.click("console-type");
        awaitScreen("shell", "shell login: echo hello from chromium && date_");
        // Let noVNC paint the last update before the picture is taken (the assertion above is on the VM's side).
        browser.script("setTimeout(() => done(true), 1500)");
        screenshot("ui-console.png");
        browser.click("console-cad");
        awaitScreen("shell", "Ctrl-Alt-Del received");
    }

    @Test
    @Order(2)
    void theVmPageOpensTheConsoleInPlace() throws Exception {
        browser.logIn(OPERATOR);
        browser.open("#/vms/" + vmUuid("quiet"));
        browser.click("vm-console");
        awaitStatus("connected");
        WebElement canvas = browser.await(d -> d.findElement(By.cssSelector("#console #console-screen canvas")));
        new Actions(browser.driver()).click(canvas).sendKeys("from the vm page").perform();
        awaitScreen("quiet", "quiet login: from the vm page_");
    }

    @Test
    @Order(3)
    void aMigratedVmsConsoleReconnectsToTheNewHostByItself() throws Exception {
        browser.logIn(OPERATOR);
        browser.open("#/vms/" + vmUuid("mover") + "/console");
        awaitStatus("connected");
        xapi(c -> {
            String vm = c.vms().values().stream().filter(v -> v.nameLabel().equals("mover")).findFirst().orElseThrow().ref();
            String host = c.hosts().values().stream().filter(h -> h.nameLabel().equals("k-02")).findFirst().orElseThrow().ref();
            return c.session().call("VM.pool_migrate", vm, host, new HashMap<String, String>());
        });
        browser.await(d -> text("#console-status").contains("moved to another host") || onK02Connected());
        awaitStatus("connected");
        WebElement canvas = browser.await(d -> d.findElement(By.cssSelector("#console-screen canvas")));
        new Actions(browser.driver()).click(canvas).sendKeys("still here").perform();
        String screen = awaitScreen("mover", "mover login: still here_");
        assertThat(screen).contains("on k-02");
    }

    @Test
    @Order(4)
    void aHaltedVmAndAViewerTokenGetAClearMessageInsteadOfAConsole() {
        browser.logIn(OPERATOR);
        browser.open("#/vms/" + vmUuid("parked") + "/console");
        awaitStatus("refused");
        assertThat(text("#console-status")).contains("'parked' is halted").contains("start it first");
        screenshot("ui-console-halted.png");
        browser.logIn(VIEWER);
        browser.open("#/vms/" + vmUuid("shell") + "/console");
        awaitStatus("refused");
        assertThat(text("#console-status")).contains("operator role");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static boolean onK02Connected() {
        return "connected".equals(browser.driver().findElement(By.id("console-status")).getAttribute("data-state"))
                && readScreen("mover").contains("on k-02");
    }

    private static void awaitStatus(String state) {
        browser.await(d -> state.equals(d.findElement(By.id("console-status")).getAttribute("data-state")));
    }

    private static String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    /** Waits until the VM's own screen (read by a viewer straight on its host) shows {@code expected}. */
    private static String awaitScreen(String vmName, String expected) {
        String[] last = {""};
        Await.until(Duration.ofSeconds(30), vmName + "'s screen shows '" + expected + "'", () -> {
            last[0] = readScreen(vmName);
            return last[0].contains(expected);
        });
        return last[0];
    }

    private static String readScreen(String vmName) {
        return xapi(c -> {
            VmConsoles.RfbConsole console = VmConsoles.rfb(c.session(), vmUuid(vmName)).orElseThrow();
            try (Socket socket = RfbTestClient.connect(console.location(), c.session().sessionRef());
                 RfbTestClient rfb = new RfbTestClient(socket.getInputStream(), socket.getOutputStream(), socket)) {
                rfb.handshake("3.8");
                rfb.requestUpdate(false);
                rfb.readUpdate();
                return rfb.screenText();
            } catch (Exception e) {
                return "unreadable: " + e;
            }
        });
    }

    private static void screenshot(String name) {
        browser.screenshot(Path.of("target", "ui-screenshots", name));
        String docs = System.getProperty("poolpilot.screenshots.dir");
        if (docs != null && !docs.isBlank()) {
            browser.screenshot(Path.of(docs, name));
        }
    }

    private static <T> T xapi(Function<XapiClient, T> read) {
        PoolEndpoint kappa = simulator.pool("kappa");
        try (XapiSession s = XapiSession.login(XapiEndpoint.of(kappa.masterUrl(), kappa.username(), kappa.password()), "test")) {
            return read.apply(new XapiClient(s));
        }
    }

    private static String vmUuid(String name) {
        return xapi(c -> c.vms().values().stream().filter(v -> v.nameLabel().equals(name)).findFirst().orElseThrow().uuid());
    }
}
