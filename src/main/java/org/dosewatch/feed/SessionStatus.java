package org.dosewatch.feed;

import java.time.Instant;
import java.util.Map;

import org.dosewatch.monitor.Phase;
import org.dosewatch.session.DischargeView;
import org.dosewatch.session.SessionView;

/**
 * A session's status on {@code vitals.status} and in {@code status} events: the newest vitals
 * with their device times, the phase and NEWS2 as the rule engine sees them, and how old the
 * newest frame is; the session's room, patient and unit, where its record gives them; and the
 * discharge gate as the rule engine sees it (its "no alert" criterion counts the engine's open
 * episodes; the session answer counts the alert lifecycle's ACTIVE alerts).
 */
public record SessionStatus(String sessionId, Phase phase, Map<String, Object> latest, SessionView.News2View news2,
                            int openAlerts, double dataAgeSeconds, Instant at, String room, String patientRef,
                            String unit, DischargeView discharge) {
}
