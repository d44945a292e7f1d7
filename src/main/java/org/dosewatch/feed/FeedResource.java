package org.dosewatch.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.dosewatch.alert.AlertQueries;
import org.dosewatch.session.SessionService;
import org.dosewatch.web.Units;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The dashboards' live feed (docs/contract.md section 4), as Server-Sent Events: one
 * {@code snapshot} with every open session and every alert not yet resolved, then {@code alert}
 * and {@code status} events as they happen, and a comment at least every 15 s so that a screen
 * can tell a quiet ward from a dead feed. Live events are collected from the moment of
 * connection, so nothing between the snapshot and the stream is missed.
 */
@Path("/api/feed")
@Tag(name = "Feed")
public class FeedResource {

    private final FeedBroadcaster broadcaster;
    private final FeedConsumers consumers;
    private final SessionService sessions;
    private final AlertQueries alerts;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration heartbeat;
    private final int clientBuffer;

    public FeedResource(FeedBroadcaster broadcaster, FeedConsumers consumers, SessionService sessions, AlertQueries alerts,
                        ObjectMapper mapper, Clock clock,
                        @ConfigProperty(name = "dosewatch.feed.heartbeat", defaultValue = "PT15S") Duration heartbeat,
                        @ConfigProperty(name = "dosewatch.feed.client-buffer", defaultValue = "2000") int clientBuffer) {
        this.heartbeat = heartbeat;
        this.clientBuffer = clientBuffer;
        this.broadcaster = broadcaster;
        this.consumers = consumers;
        this.sessions = sessions;
        this.alerts = alerts;
        this.mapper = mapper;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({"nurse", "clinician"})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live feed: a snapshot, then alert and status events, with a heartbeat comment every 15 s")
    public Multi<OutboundSseEvent> feed(@Context Sse sse,
            @Parameter(description = "only this unit's sessions, their alerts and statuses (clinic, site or ward)")
            @QueryParam("unit") String unitParameter) {
        String unit = Units.parameter(unitParameter);
        // Each dashboard gets a bounded buffer: one that stops reading is dropped when it fills, and
        // reconnects from a fresh snapshot, instead of holding the instance's memory hostage.
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            broadcaster.connected();
            Object lock = new Object();
            List<FeedEvent> early = new ArrayList<>();
            boolean[] snapshotSent = {false};
            Cancellable live = broadcaster.live().filter(event -> event.forUnit(unit)).subscribe().with(event -> {
                synchronized (lock) {
                    if (snapshotSent[0]) {
                        emitter.emit(sse(sse, event));
                    } else {
                        early.add(event);
                    }
                }
            }, emitter::fail);
            Cancellable beats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat).subscribe()
                    .with(tick -> emitter.emit(sse.newEventBuilder().comment("heartbeat " + clock.instant()).build()));
            Cancellable snapshot = snapshot(unit).subscribe().with(event -> {
                synchronized (lock) {
                    emitter.emit(sse(sse, event));
                    early.forEach(e -> emitter.emit(sse(sse, e)));
                    early.clear();
                    snapshotSent[0] = true;
                }
            }, emitter::fail);
            emitter.onTermination(() -> {
                live.cancel();
                beats.cancel();
                snapshot.cancel();
                broadcaster.disconnected();
            });
        }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(clientBuffer)
                .onFailure(BackPressureFailure.class).invoke(e -> broadcaster.dropped());
    }

    private Uni<FeedEvent> snapshot(String unit) {
        return sessions.list("open", unit).chain(open -> alerts.list(null, null, null, unit, true, false, 0, 10_000).map(unresolved -> {
            ObjectNode snapshot = mapper.createObjectNode();
            snapshot.put("at", clock.instant().toString());
            if (unit != null) {
                snapshot.put("unit", unit);
            }
            snapshot.set("sessions", mapper.valueToTree(open));
            snapshot.set("alerts", mapper.valueToTree(unresolved));
            Map<String, Object> statuses = new LinkedHashMap<>();
            consumers.statuses().forEach((sessionId, status) -> {
                if (status.forUnit(unit)) {
                    statuses.put(sessionId, read(status.json()));
                }
            });
            snapshot.set("statuses", mapper.valueToTree(statuses));
            return new FeedEvent("snapshot", snapshot.toString());
        }));
    }

    private Object read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static OutboundSseEvent sse(Sse sse, FeedEvent event) {
        // The data is JSON already: written as it is, not encoded again as a JSON string.
        return sse.newEventBuilder().name(event.name()).data(String.class, event.json()).build();
    }
}
