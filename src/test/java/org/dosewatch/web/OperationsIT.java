package org.dosewatch.web;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.LocalPostgres;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class OperationsIT {

    @Test
    void readinessCoversKafkaAndPostgres() {
        RestAssured.get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    @Test
    void readinessFallsWhenTheDatabaseGoesAwayAndComesBackWithIt() throws Exception {
        LocalPostgres database = KafkaAndPostgres.postgres();
        database.stopServer();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/q/health/ready")
                    .then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", equalTo("DOWN")));
            RestAssured.get("/q/health/live").then().statusCode(200);
        } finally {
            database.startServer();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void metricsCountIngest() {
        RestAssured.get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("dosewatch_readings_consumed_total"))
                .body(containsString("dosewatch_readings_accepted_total"))
                .body(containsString("dosewatch_readings_ignored_total{kind=\"duplicate\""))
                .body(containsString("dosewatch_reading_processing_seconds"));
    }

    @Test
    void theApiIsDescribed() {
        RestAssured.given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/sessions"))
                .body("paths", hasKey("/api/sessions/{id}/dose"))
                .body("paths", hasKey("/api/readings"));
        RestAssured.get("/q/swagger-ui/").then().statusCode(200);
    }
}
