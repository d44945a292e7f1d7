package org.dosewatch.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.alert.AlertQueries;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.rules.RuleProfiles;
import org.dosewatch.rules.SessionFactsReader;
import org.dosewatch.session.SessionService;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What-if review of a session's alarms (docs/contract.md section 8): its archived frames replayed
 * under another rule profile or changed limits, beside the alerts it really raised. Nothing is
 * stored or published.
 */
@Path("/api/sessions/{id}/what-if")
@Tag(name = "Review")
@Produces(MediaType.APPLICATION_JSON)
public class WhatIfResource {

    /** The session's own profile: the defaults with the overrides it was registered with. */
    static final String SESSION_PROFILE = "session";
    /** The longest silence after a session's last frame that a replay runs its clock through. */
    static final Duration SILENCE_REPLAYED = Duration.ofHours(1);

    /**
     * @param profile       {@value #SESSION_PROFILE} (the default), the default profile's name or a configured one
     * @param ruleOverrides settings changed on top of that profile ({@code "spo2-low.limit": "88"})
     */
    public record Request(String profile, Map<String, String> ruleOverrides) {
    }

    /**
     * @param profile       the profile replayed, by name
     * @param ruleOverrides every setting it changes from the defaults
     * @param frames        how many archived frames were replayed
     * @param alerts        what the frames raise under that profile
     * @param actual        what the session really raised, its resolvedTs the device time its condition cleared
     */
    public record Answer(String sessionId, String profile, Map<String, String> ruleOverrides, int frames,
                         Instant firstFrameTs, Instant lastFrameTs, List<Replay.Episode> alerts,
                         List<Replay.Episode> actual, List<Replay.RuleCount> byRule) {
    }

    /**
     * What a review can pick: the session's own profile, the named ones, and every setting with its
     * default value.
     */
    public record Profiles(String session, List<String> named, Map<String, String> settings) {
    }

    private final SessionService sessions;
    private final FrameArchive archive;
    private final RuleProfiles profiles;
    private final SessionFactsReader factsReader;
    private final AlertQueries alerts;
    private final Clock clock;

    public WhatIfResource(SessionService sessions, FrameArchive archive, RuleProfiles profiles,
                          SessionFactsReader factsReader, AlertQueries alerts, Clock clock) {
        this.sessions = sessions;
        this.archive = archive;
        this.profiles = profiles;
        this.factsReader = factsReader;
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    @Path("/profiles")
    @RolesAllowed("clinician")
    @Operation(summary = "The rule profiles a what-if review can replay the session under, and every rule setting with its default")
    public Profiles profiles() {
        return new Profiles(SESSION_PROFILE, profiles.names(), profiles.settings());
    }

    @POST
    @RolesAllowed("clinician")
    @Operation(summary = "Replay the session's recorded frames under another profile or changed limits; "
            + "answers the alerts they raise beside those the session really raised, storing and publishing nothing")
    public Uni<Answer> replay(@PathParam("id") String id, Request body) {
        Request request = body == null ? new Request(null, null) : body;
        return sessions.record(id).chain(record -> {
            Map<String, String> overrides = overrides(request, record.session().ruleOverrides);
            RuleProfile profile;
            try {
                profile = profiles.with(overrides);
            } catch (RuleProfiles.InvalidRuleOverride e) {
                throw ProblemException.badRequest(e.getMessage());
            }
            List<Replay.FactsFrom> timeline = record.timeline().stream()
                    .map(entry -> new Replay.FactsFrom(entry.from(), factsReader.facts(entry.event()))).toList();
            String name = request.profile() == null ? SESSION_PROFILE : request.profile();
            return archive.of(id)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(frames -> new Replayed(frames.size(),
                            frames.isEmpty() ? null : frames.get(0).reading().ts(),
                            frames.isEmpty() ? null : frames.get(frames.size() - 1).reading().ts(),
                            Replay.run(id, profile, timeline, frames, silenceUntil(frames, record.session().endedAt))))
                    .chain(replayed -> actual(id).map(actual -> new Answer(id, name, new TreeMap<>(overrides),
                            replayed.frames(), replayed.first(), replayed.last(), replayed.alerts(), actual,
                            Replay.byRule(replayed.alerts(), actual))));
        });
    }

    /**
     * How long the replay's clock runs on after the last frame: to the session's end, or now while
     * it is open, and at most {@link #SILENCE_REPLAYED} (a monitor's silence is judged well within it).
     */
    private long silenceUntil(List<FrameArchive.Archived> frames, Instant endedAt) {
        if (frames.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long last = frames.get(frames.size() - 1).receivedMillis();
        long end = (endedAt != null ? endedAt : clock.instant()).toEpochMilli();
        return Math.min(end, last + SILENCE_REPLAYED.toMillis());
    }

    private record Replayed(int frames, Instant first, Instant last, List<Replay.Episode> alerts) {
    }

    private Map<String, String> overrides(Request request, Map<String, String> sessionOverrides) {
        Map<String, String> base;
        if (request.profile() == null || request.profile().equals(SESSION_PROFILE)) {
            base = sessionOverrides == null ? Map.of() : sessionOverrides;
        } else {
            base = profiles.overridesOf(request.profile()).orElseThrow(() -> ProblemException.badRequest("profile",
                    "'" + request.profile() + "' is not a rule profile; one of " + SESSION_PROFILE + ", "
                            + String.join(", ", profiles.names())));
        }
        Map<String, String> merged = new HashMap<>(base);
        if (request.ruleOverrides() != null) {
            merged.putAll(request.ruleOverrides());
        }
        return merged;
    }

    /** The session's alerts as raised, oldest first, each with the device time its condition first cleared. */
    private Uni<List<Replay.Episode>> actual(String sessionId) {
        return alerts.episodes(sessionId).map(episodes -> episodes.stream()
                .map(e -> new Replay.Episode(e.alertId(), e.rule(), e.priority(), e.onsetTs(), e.clearedTs(), e.worstValue(),
                        e.message()))
                .toList());
    }
}
