package org.dosewatch.session;

import java.util.Optional;

import org.dosewatch.monitor.Phase;

/**
 * What the instance that evaluates a session last published of it on {@code vitals.status}, for
 * an instance that does not evaluate it: its phase and its discharge gate.
 */
public interface PublishedStatuses {

    /** The phase last published for an open session. */
    Optional<Phase> publishedPhase(String sessionId);

    /** The discharge gate last published for an open session. */
    Optional<DischargeView> publishedDischarge(String sessionId);
}
