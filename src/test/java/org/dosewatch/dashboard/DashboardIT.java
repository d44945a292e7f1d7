package org.dosewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.frame;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.Browsers;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The nursing-station page in a real headless Chromium (Debian's chromium and chromedriver),
 * against the service with its real broker and database.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class DashboardIT {

    @TestHTTPResource("/")
    URL page;

    private final Browsers browsers = new Browsers();

    private ChromeDriver browser() {
        return browsers.open();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.close();
    }

    private void logIn(ChromeDriver driver, Login login) {
        driver.get(page.toString());
        wait(driver, 10).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(login.user());
        driver.findElement(By.id("login-password")).sendKeys(login.user());
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait(driver, 10).until(ExpectedConditions.visibilityOfElementLocated(By.id("station")));
        wait(driver, 10).until(d -> "live".equals(d.findElement(By.id("feed-state")).getAttribute("data-state")));
    }

    private static WebDriverWait wait(WebDriver driver, int seconds) {
        return Browsers.wait(driver, seconds);
    }

    private static String register(String room) {
        String id = "DB-" + UUID.randomUUID().toString().substring(0, 8);
        Login.CLINICIAN.request().body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-" + room + "\", \"room\": \"" + room
                + "\", \"drug\": \"KETAMINE\", \"route\": \"IV\"}").post("/api/sessions").then().statusCode(201);
        return id;
    }

    /** Frames with device times of the last {@code seconds} seconds, as a live monitor sends them. */
    private static void calmFrames(String id, int seconds) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestKafka.send(Topics.READINGS, id, IntStream.range(0, seconds)
                .mapToObj(s -> live(id, s, now.minusSeconds(seconds - s), "\"hr\": 76, \"spo2\": 97, \"rr\": 14, \"etco2\": 37"))
                .toArray(String[]::new));
    }

    private static String live(String id, long seq, Instant ts, String vitals) {
        return frame(id, id + "-m", seq, vitals).replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + ts + "\"");
    }

    private static By alertOf(String sessionId, String rule) {
        return By.xpath("//ol[@id='active-alerts']/li[@data-rule='" + rule + "'][contains(., 'Room')]");
    }

    @Test
    void aStreamedSessionGetsATileAndItsAlertAppearsWithinTwoSeconds() throws IOException {
        String id = register("12");
        ChromeDriver nurse = browser();
        logIn(nurse, Login.NURSE);

        calmFrames(id, 20);
        wait(nurse, 15).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-session='" + id + "']")));
        wait(nurse, 10).until(d -> d.findElement(By.cssSelector("[data-session='" + id + "'] [data-vital='hr'] .value"))
                .getText().startsWith("76"));

        TestKafka.send(Topics.READINGS, id, live(id, 100, Instant.now(), "\"hr\": 80, \"spo2\": 83, \"rr\": 14"));
        wait(nurse, 2).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='active-alerts']/li[@data-rule='SPO2_CRITICAL'][contains(., 'Room 12')]")));

        wait(nurse, 5).until(d -> "HIGH".equals(d.findElement(By.cssSelector("[data-session='" + id + "']")).getAttribute("data-priority")));
        assertThat(nurse.findElements(By.cssSelector("#active-alerts button.ack"))).as("nurses do not acknowledge").isEmpty();
        Path shot = nurse.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "station-view.png"), StandardCopyOption.REPLACE_EXISTING);

        // On a tablet the same page fits the width: tiles and alerts stack, nothing scrolls sideways.
        nurse.manage().window().setSize(new Dimension(1024, 768));
        wait(nurse, 5).until(d -> (Boolean) ((ChromeDriver) d).executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        wait(nurse, 5).until(d -> d.findElement(By.cssSelector("[data-session='" + id + "']")).isDisplayed());
    }

    @Test
    void aClinicianAcknowledgesAndTheAlertLeavesTheActiveList() throws IOException {
        String id = register("14");
        calmFrames(id, 10);
        TestKafka.send(Topics.READINGS, id, live(id, 100, Instant.now(), "\"hr\": 80, \"spo2\": 82, \"rr\": 14"));
        ChromeDriver clinician = browser();
        logIn(clinician, Login.CLINICIAN);

        By item = By.xpath("//ol[@id='active-alerts']/li[@data-rule='SPO2_CRITICAL'][contains(., 'Room 14')]");
        wait(clinician, 15).until(ExpectedConditions.visibilityOfElementLocated(item));
        wait(clinician, 5).until(d -> {
            d.findElement(item).findElement(By.cssSelector("button.ack")).click();
            return true;
        });
        wait(clinician, 5).until(ExpectedConditions.alertIsPresent()).sendKeys("airway repositioned");
        clinician.switchTo().alert().accept();

        wait(clinician, 10).until(ExpectedConditions.invisibilityOfElementLocated(item));
        wait(clinician, 10).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='acknowledged-alerts']/li[@data-rule='SPO2_CRITICAL'][contains(., 'Room 14')]")));
        assertThat(clinician.findElement(By.id("acknowledged-alerts")).getText()).contains("acknowledged by clinician");
    }

    @Test
    void theSessionPageChartsTheWholeSessionWithTheDoseTheAlertsAndTheAuditTrail() throws IOException {
        String id = register("18");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Login.CLINICIAN.request().body("{\"doseMg\": 35, \"at\": \"" + now.minusSeconds(120) + "\"}")
                .post("/api/sessions/{id}/dose", id).then().statusCode(200);
        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 180)
                .mapToObj(s -> live(id, s, now.minusSeconds(180 - s), "\"hr\": " + (70 + s / 10) + ", \"spo2\": "
                        + (s > 150 && s < 170 ? 84 : 97) + ", \"rr\": 14" + (s % 60 == 0 ? ", \"sbp\": 128, \"dbp\": 80" : "")))
                .toArray(String[]::new));
        ChromeDriver nurse = browser();
        logIn(nurse, Login.NURSE);

        wait(nurse, 15).until(d -> {
            d.findElement(By.cssSelector("[data-session='" + id + "']")).click();
            return true;
        });
        // The history is written in batches: look again until the first two and a half minutes are charted.
        WebDriverWait charted = new WebDriverWait(nurse, Duration.ofSeconds(45), Duration.ofSeconds(3));
        charted.ignoring(StaleElementReferenceException.class).ignoring(org.openqa.selenium.TimeoutException.class);
        charted.until(d -> {
            d.navigate().refresh();
            return wait(d, 2).until(page -> {
                List<org.openqa.selenium.WebElement> lines = page.findElements(By.cssSelector("svg[data-vital='hr'] polyline.mean"));
                return !lines.isEmpty() && lines.get(0).getAttribute("points").split(" ").length > 8;
            });
        });

        assertThat(nurse.findElement(By.id("session-title")).getText()).contains("Room 18");
        assertThat(nurse.findElement(By.cssSelector("svg[data-vital='hr'] polyline.mean")).getAttribute("points").split(" "))
                .hasSizeGreaterThan(8);
        assertThat(nurse.findElements(By.cssSelector("svg[data-vital='hr'] line.dose"))).hasSize(1);
        assertThat(nurse.findElements(By.cssSelector("svg[data-vital='spo2'] .marker-HIGH"))).isNotEmpty();
        assertThat(nurse.findElement(By.id("audit")).getText()).contains("SPO2_CRITICAL").contains("RAISED");
        Files.copy(nurse.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "session-page.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aLostFeedRaisesTheTechnicalAlarmAndReconnectionRestoresThePicture() throws IOException {
        String id = register("16");
        calmFrames(id, 10);
        ChromeDriver nurse = browser();
        logIn(nurse, Login.NURSE);
        wait(nurse, 15).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-session='" + id + "']")));

        // The network to the feed fails: the open stream is cut and every new attempt refused.
        nurse.executeCdpCommand("Network.enable", Map.of());
        nurse.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/feed*")));
        nurse.executeScript("window.stop()");
        wait(nurse, 10).until(ExpectedConditions.visibilityOfElementLocated(By.id("feed-alarm")));
        assertThat(nurse.findElement(By.id("feed-alarm")).getText()).contains("LIVE FEED LOST");
        assertThat(nurse.findElement(By.id("feed-state")).getAttribute("data-state")).isEqualTo("lost");
        Files.copy(nurse.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "feed-lost.png"),
                StandardCopyOption.REPLACE_EXISTING);

        nurse.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        wait(nurse, 30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("feed-alarm")));
        wait(nurse, 10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-session='" + id + "']")));
        assertThat(nurse.findElement(By.id("feed-state")).getAttribute("data-state")).isEqualTo("live");
    }
}
