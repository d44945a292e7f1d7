package org.dosewatch.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dosewatch.testing.Frames.frame;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.IntStream;

import org.dosewatch.Topics;
import org.dosewatch.testing.Browsers;
import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.KeycloakServer;
import org.dosewatch.testing.ProductionWithKeycloak;
import org.dosewatch.testing.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The nursing-station page in headless Chromium against a production-profile instance, with
 * nurses and clinicians logging in on Keycloak's own login page.
 */
@QuarkusTest
@TestProfile(ProductionWithKeycloak.class)
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class KeycloakLoginIT {

    @TestHTTPResource("/")
    URL page;

    private final Browsers browsers = new Browsers();

    @AfterEach
    void closeBrowsers() {
        browsers.close();
    }

    private ChromeDriver logIn(String user) {
        ChromeDriver driver = browsers.open();
        driver.get(page.toString());
        wait(driver, 10).until(ExpectedConditions.elementToBeClickable(By.id("login-oidc-link"))).click();
        // Keycloak's own login page: the password is typed there, never into DoseWatch's page.
        wait(driver, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
        assertThat(driver.getCurrentUrl()).startsWith(KeycloakServer.issuer());
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
        wait(driver, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("station")));
        wait(driver, 10).until(d -> "live".equals(d.findElement(By.id("feed-state")).getAttribute("data-state")));
        assertThat(driver.findElement(By.id("who")).getText()).startsWith(user + " (" + user + ")");
        assertThat((String) driver.executeScript("return sessionStorage.getItem('dosewatch.auth')"))
                .as("the page keeps no credential").isNull();
        return driver;
    }

    private static WebDriverWait wait(WebDriver driver, int seconds) {
        return Browsers.wait(driver, seconds);
    }

    /** A session in the given room whose SpO2 falls to 82 %, raising SPO2_CRITICAL; its alert's id. */
    private static String desaturatingSession(String room) {
        String clinician = KeycloakServer.userToken("clinician", "clinician");
        String id = "KC-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"patientRef\": \"MRN-" + room + "\", \"room\": \"" + room
                        + "\", \"drug\": \"KETAMINE\", \"route\": \"IV\"}")
                .post("/api/sessions").then().statusCode(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestKafka.send(Topics.READINGS, id, IntStream.range(0, 11)
                .mapToObj(s -> frame(id, id + "-m", s, s < 10 ? "\"hr\": 76, \"spo2\": 97, \"rr\": 14" : "\"hr\": 80, \"spo2\": 82, \"rr\": 14")
                        .replaceFirst("\"ts\": \"[^\"]+\"", "\"ts\": \"" + now.minusSeconds(10 - s) + "\""))
                .toArray(String[]::new));
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> given().auth().oauth2(clinician).get("/api/alerts?sessionId=" + id)
                        .then().statusCode(200).extract().jsonPath().getString("find { it.rule == 'SPO2_CRITICAL' }.alertId"),
                alertId -> alertId != null);
    }

    @Test
    void aNurseSeesTheStationButIsRefusedTheAcknowledgementAClinicianMakesAfterTheSessionIsRenewed() {
        String alertId = desaturatingSession("21");
        By active = By.xpath("//ol[@id='active-alerts']/li[@data-alert='" + alertId + "']");

        ChromeDriver nurse = logIn("nurse");
        wait(nurse, 15).until(ExpectedConditions.visibilityOfElementLocated(active));
        assertThat(nurse.findElements(By.cssSelector("#active-alerts button.ack"))).as("nurses do not acknowledge").isEmpty();
        Object refused = nurse.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/alerts/" + alertId + "/ack', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " 'X-Requested-With': 'JavaScript'}, body: '{\"note\": \"nurse\"}'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(refused).as("the nurse's own session may not acknowledge").isEqualTo(403L);

        ChromeDriver clinician = logIn("clinician");
        String issuedWithTheLogin = KeycloakServer.userToken("clinician", "clinician");
        wait(clinician, 15).until(ExpectedConditions.visibilityOfElementLocated(active));
        // The provider's tokens expire while the station stays open (a token issued with the
        // login is refused by now): the service renews the session with the refresh token, and
        // the feed that was opened before stays live.
        await().atMost(KeycloakServer.TOKEN_LIFESPAN.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().auth().oauth2(issuedWithTheLogin).get("/api/me").statusCode() == 401);
        assertThat(clinician.findElement(By.id("feed-state")).getAttribute("data-state")).isEqualTo("live");
        wait(clinician, 5).until(d -> {
            d.findElement(active).findElement(By.cssSelector("button.ack")).click();
            return true;
        });
        wait(clinician, 5).until(ExpectedConditions.visibilityOfElementLocated(By.id("ack-note"))).sendKeys("airway repositioned");
        clinician.findElement(By.id("ack-confirm")).click();

        wait(clinician, 10).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='acknowledged-alerts']/li[@data-alert='" + alertId + "']")));
        assertThat(clinician.findElement(By.id("acknowledged-alerts")).getText())
                .contains("Acknowledged by clinician").contains("airway repositioned");
        // The nurse's page learns of it through its own feed.
        wait(nurse, 10).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ol[@id='acknowledged-alerts']/li[@data-alert='" + alertId + "']")));
        given().auth().oauth2(KeycloakServer.userToken("nurse", "nurse")).get("/api/alerts/" + alertId)
                .then().statusCode(200)
                .body("acknowledgedBy", org.hamcrest.Matchers.equalTo("clinician"));
    }

    @Test
    void loggingOutEndsTheSessionAtTheProviderToo() {
        ChromeDriver nurse = logIn("nurse");

        nurse.findElement(By.id("logout")).click();

        wait(nurse, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-oidc-link")));
        assertThat(nurse.getCurrentUrl()).startsWith(page.toString());
        nurse.navigate().refresh();
        wait(nurse, 10).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-oidc-link")));
        assertThat(nurse.findElement(By.id("station")).isDisplayed()).isFalse();
        // Logging in again asks for the password again: the provider's session ended as well.
        nurse.findElement(By.id("login-oidc-link")).click();
        wait(nurse, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }
}
