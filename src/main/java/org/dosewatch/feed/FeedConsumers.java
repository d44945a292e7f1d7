package org.dosewatch.feed;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Every instance reads all alert events and session statuses, so a dashboard connected to any
 * instance sees every session, whichever instance evaluates it.
 */
@ApplicationScoped
public class FeedConsumers {

    private final FeedBroadcaster broadcaster;
    /** The newest status of each session, as JSON, for the snapshot of a dashboard that connects. */
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    public FeedConsumers(FeedBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
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
        statuses.put(record.key(), status);
        broadcaster.publish(new FeedEvent("status", status));
    }

    Map<String, String> statuses() {
        return statuses;
    }
}
