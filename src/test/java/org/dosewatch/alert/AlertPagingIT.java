package org.dosewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.dosewatch.testing.KafkaAndPostgres;
import org.dosewatch.testing.Login;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A ward after a load run holds more open alerts than one answer carries: the list is paged,
 * says when more follow, and the active HIGH alerts come first.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class AlertPagingIT {

    @Inject
    AlertStore store;

    @Test
    void fifteenHundredOpenAlertsComeAcrossPagesWithTheActiveHighOnesOnTheFirst() {
        String run = "PAGE-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // 1,500 newer signal losses of a load run, and two older critical desaturations.
            sql("INSERT INTO alert (alert_id, session_id, rule, kind, priority, version, state, condition_present, message, "
                    + "onset_ts, reading_ts, raised_at) SELECT $1 || '-' || g, $1 || '-' || (g % 50), 'SIGNAL_LOSS', "
                    + "'TECHNICAL', 'MEDIUM', 1, 'ACTIVE', true, 'No frame for 15 s', now(), now(), "
                    + "now() + make_interval(secs => g) FROM generate_series(1, 1500) g", run);
            sql("INSERT INTO alert (alert_id, session_id, rule, kind, priority, version, state, condition_present, message, "
                    + "onset_ts, reading_ts, raised_at) SELECT $1 || '-high-' || g, $1 || '-high', 'SPO2_CRITICAL', "
                    + "'PHYSIOLOGICAL', 'HIGH', 1, 'ACTIVE', true, 'SpO2 82 %', now(), now(), now() "
                    + "FROM generate_series(1, 2) g", run);

            Set<String> seen = new LinkedHashSet<>();
            List<List<String>> pages = new ArrayList<>();
            String cursor = null;
            do {
                Response page = cursor == null
                        ? Login.NURSE.request().get("/api/alerts?state=open&limit=500")
                        : Login.NURSE.request().get("/api/alerts?state=open&limit=500&cursor={c}", cursor);
                page.then().statusCode(200);
                List<String> ids = page.jsonPath().getList("alertId");
                assertThat(ids).hasSizeLessThanOrEqualTo(500);
                pages.add(ids);
                seen.addAll(ids);
                cursor = page.header("X-Next-Cursor");
                if (cursor != null) {
                    assertThat(page.header("Link")).contains("cursor=" + cursor).contains("rel=\"next\"");
                }
            } while (cursor != null && pages.size() < 20);

            assertThat(pages.size()).as("pages").isGreaterThanOrEqualTo(4);
            assertThat(seen.stream().filter(id -> id.startsWith(run))).as("every open alert, once").hasSize(1502);
            assertThat(pages.get(0)).contains(run + "-high-1", run + "-high-2");
        } finally {
            sql("DELETE FROM alert_event WHERE alert_id LIKE $1 || '%'", run);
            sql("DELETE FROM alert WHERE alert_id LIKE $1 || '%'", run);
        }
    }

    @Test
    void aBadPageSizeOrCursorIsRefusedNamingIt() {
        Login.NURSE.request().get("/api/alerts?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        Login.NURSE.request().get("/api/alerts?limit=5000").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        Login.NURSE.request().get("/api/alerts?cursor=not-ours!").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    private void sql(String statement, String run) {
        store.database().preparedQuery(statement).execute(Tuple.of(run)).await().atMost(Duration.ofSeconds(30));
    }
}
