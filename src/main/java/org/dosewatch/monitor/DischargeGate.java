package org.dosewatch.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * The discharge criteria as the rule engine last saw them (docs/contract.md section 6), on the
 * monitor's clock: the drug's minimum observation after the dose, vitals stable for the profile's
 * time, no open alert, the newest MOAA/S and modified Aldrete high enough, sedation, dissociation
 * and respiratory depression resolved. {@code readyAt}: the first time all of them held.
 *
 * @param observedUntil when the minimum observation ends (null before the dose)
 * @param stableFor     how long the vitals have been within bounds (zero while they are not)
 */
public record DischargeGate(RuleProfile.Discharge settings, Drug drug, Instant observedUntil, boolean observedLongEnough,
                            Duration stableFor, boolean stable,
                            int openAlerts, SessionFacts.Recovery recovery, boolean alert, boolean recovered,
                            boolean resolved, Instant readyAt, boolean ready) {
}
