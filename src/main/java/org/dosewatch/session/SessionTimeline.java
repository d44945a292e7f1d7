package org.dosewatch.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A session's record as the rule engine learns it over the session, for a replay: the
 * registration with the dose and baseline from the start, each nurse observation from the time
 * it was made (its findings count from then on, as they did live), and the end.
 */
public final class SessionTimeline {

    /** The record as it stood from {@code from} on (null: from the start). */
    public record Entry(Instant from, SessionEvent event) {
    }

    private SessionTimeline() {
    }

    /** @param observations the session's observations in the order they were made */
    public static List<Entry> of(DosingSession session, List<Observation> observations, Duration administration) {
        List<Entry> entries = new ArrayList<>();
        DosingSession findings = new DosingSession();
        entries.add(new Entry(null, event(session, findings, null, administration)));
        for (int i = 0; i < observations.size(); i++) {
            findings.takeNewestFindings(observations.subList(i, i + 1));
            entries.add(new Entry(observations.get(i).at, event(session, findings, null, administration)));
        }
        if (session.endedAt != null) {
            entries.add(new Entry(session.endedAt, event(session, findings, session.endedAt, administration)));
        }
        return entries;
    }

    private static SessionEvent event(DosingSession s, DosingSession findings, Instant endedAt, Duration administration) {
        return new SessionEvent(s.id, s.registered, s.drug, s.route, s.doseAt, endedAt, administration.toSeconds(),
                s.givenBaseline(), s.ruleOverrides == null ? Map.of() : s.ruleOverrides, s.room, s.patientRef, s.unit,
                SessionView.Recorded.of(findings), SessionView.Recovery.of(findings));
    }
}
