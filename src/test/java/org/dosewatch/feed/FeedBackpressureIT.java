package org.dosewatch.feed;

import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;

import org.dosewatch.testing.KafkaAndPostgres;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** A dashboard that stops reading is dropped once its buffer is full, instead of growing the instance's memory. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgres.class, scope = TestResourceScope.GLOBAL)
class FeedBackpressureIT {

    @TestHTTPResource("/api/feed")
    URI feed;

    @Inject
    FeedBroadcaster broadcaster;

    private static double metric(String name) {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aDashboardThatStopsReadingIsDroppedWhenItsBufferIsFull() throws Exception {
        double clients = metric("dosewatch_feed_clients");
        double dropped = metric("dosewatch_feed_clients_dropped_total");
        try (Socket stalled = new Socket(feed.getHost(), feed.getPort())) {
            stalled.setReceiveBufferSize(4096);
            OutputStream out = stalled.getOutputStream();
            String login = Base64.getEncoder().encodeToString("nurse:nurse".getBytes(StandardCharsets.UTF_8));
            out.write(("GET /api/feed HTTP/1.1\r\nHost: " + feed.getHost() + "\r\nAuthorization: Basic " + login
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("dosewatch_feed_clients") == clients + 1);

            // A busy ward's worth of events, and the dashboard reads none of them.
            String padded = "{\"pad\":\"" + "x".repeat(16_000) + "\"}";
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < 500; i++) {
                    broadcaster.publish(new FeedEvent("status", padded));
                }
                return metric("dosewatch_feed_clients_dropped_total") > dropped;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("dosewatch_feed_clients") == clients);
        }
    }
}
