package io.poolpilot.daemon.control;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A real headless Chromium driven by Selenium (Debian's {@code chromium} and {@code chromium-driver}, or
 * {@code POOLPILOT_CHROMIUM} / {@code POOLPILOT_CHROMEDRIVER}), pointed at the web UI of a running daemon.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("POOLPILOT_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("POOLPILOT_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final WebDriver driver;
    private final String base;

    Browser(int apiPort) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1100", "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.base = "http://127.0.0.1:" + apiPort;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String hash) {
        driver.get(base + "/ui/" + hash);
    }

    /** Logs in through the login form, starting with no session. */
    void logIn(String token) {
        driver.get(base + "/ui/");
        driver.manage().deleteAllCookies();
        driver.navigate().refresh();
        WebElement field = await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
    }

    /** Clicks the element with this id, finding it again if the page redrew it meanwhile. */
    void click(String id) {
        await(d -> {
            try {
                d.findElement(By.id(id)).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    <T> T await(Function<WebDriver, T> condition) {
        // The pages redraw as data comes in: an element found a moment ago may be gone; look again.
        return new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofMillis(200))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Runs {@code script} as the page's own code; it calls {@code done(result)} when finished. */
    Object script(String script) {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];\n" + script);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
