package org.dosewatch.feed;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.monitor.Phase;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Every instance reads all alert events and session statuses, so a dashboard connected to any
 * instance sees every session, whichever instance evaluates it.
 */
@ApplicationScoped
public class FeedConsumers {

    private final FeedBroadcaster broadcaster;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    /** The newest status of each session, as JSON, for the snapshot of a dashboard that connects. */
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    public FeedConsumers(FeedBroadcaster broadcaster, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.broadcaster = broadcaster;
        this.mapper = mapper;
    }

    @Incoming(Channels.ALERTS_IN)
    public void alert(byte[] json) {
        if (json != null) {
            broadcaster.publish(new FeedEvent("alert", new String(json, StandardCharsets.UTF_8)));
        }
    }

    @Incoming(Channels.STATUS_IN)
    public void status(Record<String, byte[]> record) {
        // The key is the session id; a record without value takes the session off the board.
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            statuses.remove(record.key());
            return;
        }
        String status = new String(record.value(), StandardCharsets.UTF_8);
        if (ended(status)) {
            // Dashboards take the tile off; a snapshot no longer carries the session.
            statuses.remove(record.key());
        } else {
            statuses.put(record.key(), status);
        }
        broadcaster.publish(new FeedEvent("status", status));
    }

    private boolean ended(String status) {
        if (!status.contains("ENDED")) {
            return false; // almost every status: no need to read it
        }
        try {
            return "ENDED".equals(mapper.readTree(status).path("phase").asText());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    Map<String, String> statuses() {
        return statuses;
    }

    /** The phase the rule engine last published for an open session, from whichever instance evaluates it. */
    public Optional<Phase> publishedPhase(String sessionId) {
        String status = statuses.get(sessionId);
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Phase.valueOf(mapper.readTree(status).path("phase").asText()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
