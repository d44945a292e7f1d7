package org.dosewatch.session;

import java.time.Instant;
import java.util.Map;

import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Route;

/**
 * A session as published on {@link org.dosewatch.Topics#SESSIONS} after every change: what the
 * rule engine of the owning instance needs to follow the session's timeline, and the room,
 * patient and unit its status events name, and the NEWS2 parameters a nurse recorded.
 */
public record SessionEvent(String sessionId, boolean registered, Drug drug, Route route, Instant doseAt,
                           Instant endedAt, long administrationSeconds, Baseline baseline,
                           Map<String, String> ruleOverrides, String room, String patientRef, String unit,
                           SessionView.Recorded recorded, SessionView.Recovery recovery) {
}
