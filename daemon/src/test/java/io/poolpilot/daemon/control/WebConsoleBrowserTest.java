package io.poolpilot.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real headless Chromium against the whole daemon (embedded PostgreSQL, the control API)
 * and the simulator over real sockets: login, live host bars, a plan proposed, approved and watched to
 * the end with the simulator's VMs moved, what a viewer may not do, CSRF. Screenshots go to
 * {@code target/ui-screenshots/}, and to {@code -Dpoolpilot.screenshots.dir} when set (docs/img).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleBrowserTest {
    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_operator-token-for-ui-tests-000000000000000000000000000";
    private static final String VIEWER = "pp_viewer-token-for-ui-tests-0000000000000000000000000000";
    private static final String ADMIN = "pp_admin-token-for-ui-tests-00000000000000000000000000000";
    private static final String BUDGETS = "\"budgets\":{\"maxMigrations\":10,\"maxGiB\":64,\"timeLimitSeconds\":10}";

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static ApiClient api;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        // CI installs the browser (.ci/run): there a missing one is a failure, not a skip.
        if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.assertTrue(Browser.installed(),
                    "CI=true but Chromium or its driver is missing: .ci/run should have installed chromium chromium-driver");
        }
        Assumptions.assumeTrue(Browser.installed(), "needs Chromium and its driver: apt-get install chromium chromium-driver");
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/ui.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(90).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, control -> control.withPlannerMoveLimit(20_000),
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("root", ADMIN, "admin"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        api = new ApiClient(daemon.apiPort());
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
    void loggingInWithATokenGivesAnHttpOnlyStrictSessionAndTheOverviewOfEveryPool() {
        browser.logIn(OPERATOR);
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section[data-pool]"), 5));
        Cookie session = browser.driver().manage().getCookieNamed("poolpilot.session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver().findElement(By.id("who")).getText()).contains("ops").contains("operator");
        assertThat(browser.all("#nav a[href='#/audit']").get(0).isDisplayed()).as("admin pages hidden from an operator").isFalse();
    }

    @Test
    @Order(2)
    void theOverviewsHostBarsFollowTheSimulatorsLoad() {
        awaitLiveData("zeta");
        browser.logIn(OPERATOR);
        browser.open("#/");
        String idleBar = "section[data-pool=zeta] tr[data-host=z-02] [data-metric=cpu]";
        browser.await(d -> cpuShown(idleBar) >= 0 && cpuShown(idleBar) < 0.15);
        // Three busy VMs move by hand (plain XAPI) from the crowded z-01 to the idle z-02.
        List<String> moved = vmsOn("zeta", "z-01").subList(0, 3);
        moved.forEach(vm -> migrateByHand("zeta", vm, "z-02"));
        browser.await(d -> cpuShown(idleBar) > 0.3);
        assertThat(cpuShown("section[data-pool=zeta] tr[data-host=z-01] [data-metric=cpu]")).isLessThan(0.95);
        screenshot("ui-overview.png");
    }

    @Test
    @Order(3)
    void anOperatorProposesAndApprovesAPlanAndWatchesItsStepsCompleteWithTheVmsMoved() {
        awaitLiveData("gamma");
        browser.logIn(OPERATOR);
        browser.open("#/pools/gamma");
        browser.await(ExpectedConditions.elementToBeClickable(By.id("propose"))).click();
        browser.await(ExpectedConditions.elementToBeClickable(By.id("approve")));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-chart=forecast] canvas")));
        String planId = browser.driver().getCurrentUrl().replaceAll(".*#/plans/", "");
        assertThat(browser.all("tr[data-step]")).isNotEmpty();
        assertThat(browser.all("[data-chart=forecast] canvas")).as("the before/after chart").isNotEmpty();
        assertThat(browser.driver().findElement(By.id("explanation")).getText()).isNotBlank();
        screenshot("ui-plan.png");

        browser.click("approve");
        browser.await(ExpectedConditions.alertIsPresent()).accept(); // the optional reason, as offered
        browser.await(ExpectedConditions.attributeToBe(By.id("plan-state"), "data-state", "succeeded"));
        browser.await(d -> browser.all("tr[data-step]").stream().allMatch(row -> "done".equals(row.getAttribute("data-status"))));
        // Once run: each step's attempts and outcome, and the measured load beside the prediction.
        browser.await(d -> !browser.all("td[data-measured]").isEmpty());
        assertThat(browser.all("td[data-attempts]")).allSatisfy(cell -> assertThat(Integer.parseInt(cell.getText())).isPositive());
        assertThat(browser.all("td[data-outcome]")).allSatisfy(cell -> assertThat(cell.getText()).startsWith("migrated by task"));
        screenshot("ui-plan-done.png");

        JsonNode plan = api.get(OPERATOR, "/v1/plans/" + planId).body();
        assertThat(plan.get("state").asText()).isEqualTo("succeeded");
        assertThat(plan.get("steps")).isNotEmpty();
        for (JsonNode step : plan.get("steps")) {
            assertThat(residentHostUuid("gamma", step.get("vmUuid").asText())).as("the simulator moved the VM")
                    .isEqualTo(step.get("toHostUuid").asText());
        }
        assertThat(api.get(OPERATOR, "/v1/plans/" + planId).raw()).contains("\"createdBy\":\"ops\"");
    }

    @Test
    @Order(4)
    void aVmPageShowsItsPlaceAndItsChartsFromTheMetricsApi() {
        String vm = vmsOn("gamma", "g-02").isEmpty() ? vmsOn("gamma", "g-01").get(0) : vmsOn("gamma", "g-02").get(0);
        browser.logIn(VIEWER);
        browser.open("#/vms/" + vm);
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#vm-facts [data-power=running]")));
        // Disks and interfaces in plain words: size and storage, MAC and network; no VBD/VIF/VDI.
        String disks = browser.driver().findElement(By.id("disks")).getText();
        assertThat(disks).contains("GiB").doesNotContain("VBD").doesNotContain("VDI");
        assertThat(browser.all("#disks tbody tr")).isNotEmpty();
        assertThat(browser.driver().findElement(By.id("nics")).getText()).containsPattern("([0-9a-f]{2}:){5}[0-9a-f]{2}")
                .doesNotContain("VIF");
        browser.await(d -> browser.all("[data-chart] canvas").size() >= 4
                && Integer.parseInt(browser.all("[data-chart='CPU (cores used)']").get(0).getAttribute("data-points")) > 3);
        browser.driver().findElement(By.cssSelector("button[data-range='6h']")).click();
        browser.await(ExpectedConditions.attributeContains(By.cssSelector("button[data-range='6h']"), "class", "active"));
        browser.driver().findElement(By.cssSelector("button[data-range='15m']")).click();
        assertThat(browser.all("#vm-actions button, #vm-actions select")).as("a viewer is offered no VM action").isEmpty();
    }

    @Test
    @Order(5)
    void aViewerSeesNoApproveButtonAndAnApproveForgedWithItsCookieIsRefused() {
        awaitLiveData("delta");
        String planId = proposeAndSolve("delta");
        long version = api.get(OPERATOR, "/v1/plans/" + planId).body().get("version").asLong();
        browser.logIn(VIEWER);
        browser.open("#/plans/" + planId);
        browser.await(ExpectedConditions.attributeToBe(By.id("plan-state"), "data-state", "proposed"));
        assertThat(browser.all("tr[data-step]")).isNotEmpty();
        assertThat(browser.all("#approve, #reject, #cancel")).as("a viewer is offered no plan action").isEmpty();
        assertThat(browser.all("#nav a[href='#/usage']").get(0).isDisplayed()).isFalse();

        // The page's own code, with the viewer's cookie and CSRF token, sends what the button would have.
        Object status = browser.script("fetch('/ui/session').then(r => r.json()).then(s => fetch('/v1/plans/" + planId + "/approve', "
                + "{method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken, 'If-Match': '\"" + version + "\"'},"
                + " body: '{}'})).then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        assertThat(api.get(OPERATOR, "/v1/plans/" + planId).body().get("state").asText()).isEqualTo("proposed");
        api.post(OPERATOR, "/v1/plans/" + planId + "/reject", "{\"reason\":\"test done\"}", null);
    }

    @Test
    @Order(6)
    void aStateChangeWithoutTheSessionsCsrfTokenIsRefused() {
        browser.logIn(OPERATOR);
        browser.open("#/plans");
        String body = "JSON.stringify({mode: 'balance', reason: 'csrf probe'})";
        Object without = browser.script("fetch('/v1/pools/epsilon/plans', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: "
                + body + "}).then(r => done(r.status), e => done(String(e)));");
        assertThat(without).isEqualTo(403L);
        Object with = browser.script("fetch('/ui/session').then(r => r.json()).then(s => fetch('/v1/pools/epsilon/plans', {method: 'POST', "
                + "headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken}, body: " + body + "}))"
                + ".then(r => r.json().then(p => fetch('/v1/plans/' + p.id + '/reject', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({reason: 'probe'})}).then(x => done([r.status, x.status]))), e => done(String(e)));");
        assertThat(with).as("with the token the plan is made; its reject, without the token, is refused").isEqualTo(List.of(202L, 403L));
    }

    @Test
    @Order(7)
    void loggingOutEndsTheSession() {
        browser.logIn(VIEWER);
        browser.driver().findElement(By.id("logout")).click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        Object status = browser.script("fetch('/v1/pools').then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(401L);
    }

    @Test
    @Order(8)
    void anAdminSuspendsAnAccountAfterConfirmingAndWatchesItsVmsStopThenResumesIt() {
        awaitLiveData("theta");
        browser.logIn(ADMIN);
        browser.open("#/accounts");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("account"))).sendKeys("acme");
        browser.click("suspend");
        browser.await(ExpectedConditions.alertIsPresent()).accept(); // "Stop every running VM billed to acme?"
        var reason = browser.await(ExpectedConditions.alertIsPresent());
        reason.sendKeys("invoice unpaid");
        reason.accept();
        browser.await(ExpectedConditions.attributeToBe(By.cssSelector("#operation [data-state]"), "data-state", "succeeded"));
        assertThat(browser.all("#operation tbody tr")).hasSize(6);
        assertThat(powerStates("theta")).containsOnly("Suspended");

        browser.click("resume");
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        reason = browser.await(ExpectedConditions.alertIsPresent());
        reason.sendKeys("paid");
        reason.accept();
        browser.await(d -> browser.all("#operation h2").stream().anyMatch(h -> h.getText().startsWith("resume"))
                && !browser.all("#operation [data-state=succeeded]").isEmpty());
        assertThat(powerStates("theta")).containsOnly("Running");

        browser.open("#/audit");
        browser.await(d -> browser.driver().findElement(By.tagName("main")).getText().contains("account.suspend"));
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("invoice unpaid").contains("root");
        browser.open("#/usage");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("usage-csv")));
        browser.open("#/alerts");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("alert-state")));
    }

    @Test
    @Order(9)
    void approvingAPlanWhosePoolDriftedShowsWhatChanged() {
        awaitLiveData("delta");
        String planId = proposeAndSolve("delta");
        JsonNode step = api.get(OPERATOR, "/v1/plans/" + planId).body().get("steps").get(0);
        String vm = step.get("vmUuid").asText();
        String from = step.get("fromHostUuid").asText();
        String to = step.get("toHostUuid").asText();
        XapiClient client = xapi("delta");
        String elsewhere;
        try {
            elsewhere = client.hosts().values().stream().filter(h -> !h.uuid().equals(from) && !h.uuid().equals(to))
                    .findFirst().orElseThrow().nameLabel();
        } finally {
            client.session().close();
        }
        browser.logIn(OPERATOR);
        browser.open("#/plans/" + planId);
        browser.await(ExpectedConditions.elementToBeClickable(By.id("approve")));
        migrateByHand("delta", vm, elsewhere);
        Await.until(Duration.ofSeconds(60), "the collector sees the move", () -> daemon.collectors().get("delta").inventory()
                .vmByUuid(vm).flatMap(Vm::residentOn).map(ref -> daemon.collectors().get("delta").inventory().hosts().get(ref).nameLabel())
                .map(elsewhere::equals).orElse(false));
        browser.click("approve");
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        WebElement problem = browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#plan-message .problem")));
        assertThat(problem.getText()).contains(vm).contains("moved");
        assertThat(browser.all("#plan-message .problem li")).as("each change on its own line").isNotEmpty();
        assertThat(api.get(OPERATOR, "/v1/plans/" + planId).body().get("state").asText()).isEqualTo("proposed");
    }

    @Test
    @Order(10)
    void anOperatorIsRefusedAMigrationToAHostInMaintenanceThenShutsTheVmDownFromItsPage() {
        awaitLiveData("epsilon");
        String vm = vmsOn("epsilon", "e-01").get(0);
        browser.logIn(OPERATOR);
        browser.open("#/vms/" + vm);
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#vm-facts [data-power=running]")));
        browser.await(ExpectedConditions.elementToBeClickable(By.id("vm-shutdown")));
        assertThat(browser.all("#vm-actions button").stream().map(b -> b.getAttribute("id")))
                .containsExactly("vm-shutdown", "vm-reboot", "vm-suspend", "vm-hard-shutdown", "vm-migrate");
        assertThat(browser.all("#migrate-host option").stream().map(WebElement::getText)).as("the pool's other hosts")
                .containsExactly("e-02", "e-03");
        browser.await(d -> browser.all("[data-chart] canvas").size() >= 4
                && Integer.parseInt(browser.all("[data-chart='CPU (cores used)']").get(0).getAttribute("data-points")) > 3);
        screenshot("ui-vm.png");

        // Refused: a migration to a host in maintenance is answered 409 and the page shows the pool's reason.
        setHostEnabled("epsilon", "e-03", false);
        try {
            Await.until(Duration.ofSeconds(60), "the collector sees e-03 disabled", () -> daemon.collectors().get("epsilon").inventory()
                    .hosts().values().stream().anyMatch(h -> h.nameLabel().equals("e-03") && !h.enabled()));
            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("migrate-host"))).selectByVisibleText("e-03");
            browser.click("vm-migrate");
            browser.await(ExpectedConditions.alertIsPresent()).accept(); // "Migrate (live): VM … to e-03?"
            var why = browser.await(ExpectedConditions.alertIsPresent());
            why.sendKeys("ui test: refused migration");
            why.accept();
            WebElement refused = browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vm-operation .problem")));
            assertThat(refused.getText()).contains("e-03").contains("disabled");
            assertThat(vmsOn("epsilon", "e-01")).as("the refused VM did not move").contains(vm);
        } finally {
            setHostEnabled("epsilon", "e-03", true);
        }

        browser.click("vm-shutdown");
        browser.await(ExpectedConditions.alertIsPresent()).accept(); // "Shut down (clean): VM …?"
        var reason = browser.await(ExpectedConditions.alertIsPresent());
        reason.sendKeys("ui test: shut down from the VM page");
        reason.accept();
        browser.await(ExpectedConditions.attributeToBe(By.cssSelector("#vm-operation [data-state]"), "data-state", "succeeded"));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#vm-facts [data-power=halted]")));
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#vm-power-now[data-power=halted]")));
        browser.await(ExpectedConditions.elementToBeClickable(By.id("vm-start")));
        assertThat(browser.all("#vm-shutdown, #vm-migrate, #migrate-host")).as("only start is offered for a halted VM").isEmpty();
        assertThat(powerStateOf("epsilon", vm)).as("the simulator halted the VM").isEqualTo("Halted");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static double cpuShown(String css) {
        List<WebElement> bars = browser.all(css);
        if (bars.isEmpty() || bars.get(0).getAttribute("data-fraction") == null) {
            return -1;
        }
        return Double.parseDouble(bars.get(0).getAttribute("data-fraction"));
    }

    private static void screenshot(String name) {
        browser.screenshot(Path.of("target", "ui-screenshots", name));
        String docs = System.getProperty("poolpilot.screenshots.dir");
        if (docs != null && !docs.isBlank()) {
            browser.screenshot(Path.of(docs, name));
        }
    }

    private static String proposeAndSolve(String pool) {
        ApiClient.Answer proposed = api.post(OPERATOR, "/v1/pools/" + pool + "/plans", "{\"mode\":\"balance\"," + BUDGETS + "}", null);
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(202);
        String id = proposed.body().get("id").asText();
        Await.until(Duration.ofSeconds(60), "plan " + id + " solved", () -> api.get(OPERATOR, "/v1/plans/" + id).body().get("steps").size() > 0);
        return id;
    }

    private static void awaitLiveData(String pool) {
        Await.until(Duration.ofSeconds(60), "live CPU for every VM of " + pool, () -> {
            var inventory = daemon.collectors().get(pool).inventory();
            if (inventory == null) {
                return false;
            }
            return inventory.vms().values().stream().filter(Vm::isGuest)
                    .filter(v -> daemon.liveState().vmWindow(v.uuid()).size() >= 4).count() == 6;
        });
    }

    private static XapiClient xapi(String pool) {
        PoolEndpoint endpoint = simulator.pool(pool);
        return new XapiClient(XapiSession.login(XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "ui-test"));
    }

    /** The uuids of the guests running on a host, by the simulator's own XAPI. */
    private static List<String> vmsOn(String pool, String hostName) {
        XapiClient client = xapi(pool);
        try {
            String hostRef = client.hosts().values().stream().filter(h -> h.nameLabel().equals(hostName)).findFirst().orElseThrow().ref();
            return client.vms().values().stream().filter(Vm::isGuest).filter(v -> v.residentOn().map(hostRef::equals).orElse(false))
                    .map(Vm::uuid).sorted().toList();
        } finally {
            client.session().close();
        }
    }

    private static List<String> powerStates(String pool) {
        XapiClient client = xapi(pool);
        try {
            return client.vms().values().stream().filter(Vm::isGuest).map(v -> v.powerState().name().charAt(0)
                    + v.powerState().name().substring(1).toLowerCase()).toList();
        } finally {
            client.session().close();
        }
    }

    private static void setHostEnabled(String pool, String hostName, boolean enabled) {
        XapiClient client = xapi(pool);
        try {
            String ref = client.hosts().values().stream().filter(h -> h.nameLabel().equals(hostName)).findFirst().orElseThrow().ref();
            if (enabled) {
                client.hostEnable(ref);
            } else {
                client.hostDisable(ref);
            }
        } finally {
            client.session().close();
        }
    }

        private static String powerStateOf(String pool, String vmUuid) {
        XapiClient client = xapi(pool);
        try {
            Vm vm = client.vms().values().stream().filter(v -> v.uuid().equals(vmUuid)).findFirst().orElseThrow();
            return vm.powerState().name().charAt(0) + vm.powerState().name().substring(1).toLowerCase();
        } finally {
            client.session().close();
        }
    }

        private static String residentHostUuid(String pool, String vmUuid) {
        XapiClient client = xapi(pool);
        try {
            Vm vm = client.vms().values().stream().filter(v -> v.uuid().equals(vmUuid)).findFirst().orElseThrow();
            return client.hosts().get(vm.residentOn().orElseThrow()).uuid();
        } finally {
            client.session().close();
        }
    }

    private static void migrateByHand(String pool, String vmUuid, String hostName) {
        XapiClient client = xapi(pool);
        try {
            String vmRef = client.vms().values().stream().filter(v -> v.uuid().equals(vmUuid)).findFirst().orElseThrow().ref();
            Host host = client.hosts().values().stream().filter(h -> h.nameLabel().equals(hostName)).findFirst().orElseThrow();
            String task = client.asyncPoolMigrate(vmRef, host.ref(), Map.of("live", "true"));
            Await.until(Duration.ofSeconds(60), "hand migration", () -> client.task(task).status() != TaskStatus.PENDING);
            assertThat(client.task(task).status()).isEqualTo(TaskStatus.SUCCESS);
        } finally {
            client.session().close();
        }
    }
}
