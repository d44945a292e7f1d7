package org.dosewatch.monitor;

/**
 * What a person sees of one session, as its monitor left it after the frame, tick or record
 * change it last took: immutable, so any thread reads it whole while the stream thread that owns
 * the monitor goes on (one read model). Taken by that thread only.
 *
 * @param discharge  the discharge criteria at the newest frame
 * @param openAlerts the episodes open in the rules (not the alert lifecycle's ACTIVE ones)
 */
public record SessionSnapshot(Phase phase, News2 news2, SessionFacts.Recorded recorded, SessionFacts.Label label,
                              BaselineVitals baseline, DischargeGate discharge, int openAlerts) {
}
