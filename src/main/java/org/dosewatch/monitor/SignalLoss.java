package org.dosewatch.monitor;

import java.util.Map;

/**
 * SIGNAL_LOSS: the session's monitor has sent nothing for the profile's time. Live, the wall
 * clock notices the silence (on ticks) and escalates it to HIGH when it lasts; on a replayed
 * or accelerated stream, the gap between two frames' device times shows it. Cleared by the
 * next frame.
 */
final class SignalLoss implements Rule {

    private final long lossMillis;
    private final long escalationMillis;

    SignalLoss(RuleProfile.Technical technical) {
        this.lossMillis = technical.signalLoss().toMillis();
        this.escalationMillis = technical.escalation().toMillis();
    }

    /** Runs before the frame is taken in, while the previous frame is still the newest. */
    void frameArrives(SessionMonitor session, long ts, Alerts alerts) {
        long previous = session.vitals().lastFrame();
        if (previous == Long.MIN_VALUE) {
            return;
        }
        long gap = ts - previous;
        if (!alerts.isOpen(RuleId.SIGNAL_LOSS) && gap >= lossMillis) {
            raise(previous, previous + lossMillis, alerts);
            if (gap >= escalationMillis) {
                escalate(previous + escalationMillis, alerts);
            }
        }
        if (alerts.isOpen(RuleId.SIGNAL_LOSS)) {
            alerts.clear(RuleId.SIGNAL_LOSS, ts, "Monitor frames resumed after " + gap / 1000 + " s");
        }
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        // Frames clear it in frameArrives; a frame on its own cannot raise it.
    }

    @Override
    public void tick(SessionMonitor session, long wallMillis, Alerts alerts) {
        long silent = wallMillis - session.vitals().lastFrameWall();
        if (session.vitals().lastFrame() == Long.MIN_VALUE || silent < lossMillis) {
            return;
        }
        // The silence, placed on the monitor's own timeline.
        long deviceNow = session.vitals().lastFrame() + silent;
        raise(session.vitals().lastFrame(), deviceNow, alerts);
        if (silent >= escalationMillis) {
            escalate(deviceNow, alerts);
        }
    }

    private void raise(long lastFrame, long ts, Alerts alerts) {
        alerts.raise(RuleId.SIGNAL_LOSS, lastFrame, ts, null, (ts - lastFrame) / 1000.0, lossMillis / 1000.0, false,
                v -> "No frame from the monitor for " + Format.number(Math.round(v)) + " s",
                Map.of("lastFrameTs", java.time.Instant.ofEpochMilli(lastFrame)));
    }

    private void escalate(long ts, Alerts alerts) {
        alerts.escalate(RuleId.SIGNAL_LOSS, ts, Priority.HIGH,
                "No frame from the monitor for " + escalationMillis / 1000 + " s or more: escalated to HIGH");
    }
}
