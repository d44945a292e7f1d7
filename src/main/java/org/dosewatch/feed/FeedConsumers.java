package org.dosewatch.feed;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.dosewatch.monitor.Phase;
import org.dosewatch.session.DischargeView;
import org.dosewatch.session.PublishedStatuses;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every instance reads all alert events and session statuses, so a dashboard connected to any
 * instance sees every session, whichever instance evaluates it.
 */
@ApplicationScoped
public class FeedConsumers implements PublishedStatuses {

    private final FeedBroadcaster broadcaster;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    /** The newest status event of each session (JSON and unit), for the snapshot of a dashboard that connects. */
    private final Map<String, FeedEvent> statuses = new ConcurrentHashMap<>();

    public FeedConsumers(FeedBroadcaster broadcaster, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.broadcaster = broadcaster;
        this.mapper = mapper;
    }

    @Incoming(Channels.ALERTS_IN)
    public void alert(ConsumerRecord<String, byte[]> record) {
        if (record.value() != null) {
            broadcaster.publish(new FeedEvent("alert", new String(record.value(), StandardCharsets.UTF_8), unitOf(record)));
        }
    }

    @Incoming(Channels.STATUS_IN)
    public void status(ConsumerRecord<String, byte[]> record) {
        // The key is the session id; a record without value takes the session off the board.
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            statuses.remove(record.key());
            return;
        }
        String status = new String(record.value(), StandardCharsets.UTF_8);
        FeedEvent event = new FeedEvent("status", status, unitOf(record));
        if (ended(status)) {
            // Dashboards take the tile off; a snapshot no longer carries the session.
            statuses.remove(record.key());
        } else {
            statuses.put(record.key(), event);
        }
        broadcaster.publish(event);
    }

    /** The unit of the record's session, from its header: the feed never reads an event to filter it. */
    private static String unitOf(ConsumerRecord<String, byte[]> record) {
        Header unit = record.headers().lastHeader(Keyed.UNIT_HEADER);
        return unit == null ? null : new String(unit.value(), StandardCharsets.UTF_8);
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

    Map<String, FeedEvent> statuses() {
        return statuses;
    }

    /** The discharge gate the rule engine last published for an open session, from whichever instance evaluates it. */
    @Override
    public Optional<DischargeView> publishedDischarge(String sessionId) {
        FeedEvent status = statuses.get(sessionId);
        if (status == null) {
            return Optional.empty();
        }
        try {
            JsonNode discharge = mapper.readTree(status.json()).path("discharge");
            return discharge.isObject()
                    ? Optional.of(mapper.treeToValue(discharge, DischargeView.class)) : Optional.empty();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The phase the rule engine last published for an open session, from whichever instance evaluates it. */
    @Override
    public Optional<Phase> publishedPhase(String sessionId) {
        FeedEvent status = statuses.get(sessionId);
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Phase.valueOf(mapper.readTree(status.json()).path("phase").asText()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
