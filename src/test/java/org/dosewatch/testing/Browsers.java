package org.dosewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium windows (Debian's chromium and chromedriver, or DOSEWATCH_CHROMIUM and
 * DOSEWATCH_CHROMEDRIVER), each with its own profile, closed together after a test.
 */
public final class Browsers implements AutoCloseable {

    private final List<ChromeDriver> open = new ArrayList<>();

    public ChromeDriver open() {
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getenv().getOrDefault("DOSEWATCH_CHROMIUM", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1920,1080",
                    "--user-data-dir=" + Files.createTempDirectory("dosewatch-chromium"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(System.getenv().getOrDefault("DOSEWATCH_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            open.add(driver);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page redraws its tiles every second, so an element found a moment ago may be gone: look again. */
    public static WebDriverWait wait(WebDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Override
    public void close() {
        open.forEach(WebDriver::quit);
        open.clear();
    }
}
