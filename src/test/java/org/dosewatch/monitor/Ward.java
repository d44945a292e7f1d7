package org.dosewatch.monitor;

import java.time.Duration;
import java.time.Instant;

import org.dosewatch.testing.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;


/**
 * A test bed for one session: frames at 1 Hz (device time) with vitals given as functions of
 * the second, NIBP readings when asked, and every transition the monitor emits, in order.
 */
final class Ward {

    static final Instant T0 = Frames.T0;
    static final double NONE = Double.NaN;

    final String sessionId;
    final SessionMonitor monitor;
    final List<Transition> transitions = new ArrayList<>();
    private long seq;
    private long second;
    /** Set: frames pass the frame order first, as in the service; null: straight to the monitor. */
    private org.dosewatch.reading.FrameOrder order;

    Ward(String sessionId, RuleProfile profile) {
        this.sessionId = sessionId;
        this.monitor = new SessionMonitor(sessionId, profile);
    }

    private SessionFacts facts = SessionFacts.UNREGISTERED;

    Ward(String sessionId) {
        this(sessionId, Profiles.adultKetamine());
    }

    static Ward session() {
        return new Ward("KS-TEST");
    }

    /** Registers the session; {@code doseAtSecond} null for a session not yet dosed. */
    Ward registered(Drug drug, Route route, Integer doseAtSecond, Duration administration, BaselineVitals baseline) {
        facts = new SessionFacts(drug, route, doseAtSecond == null ? null : T0.plusSeconds(doseAtSecond), null,
                administration, baseline);
        monitor.session(facts, transitions::add);
        return this;
    }

    /** A nurse records these recovery findings now (the newest MOAA/S and modified Aldrete, and the flags). */
    Ward assessed(SessionFacts.Recovery recovery) {
        facts = new SessionFacts(facts.drug(), facts.route(), facts.doseAt(), facts.endedAt(), facts.administration(),
                facts.baseline(), facts.profile(), facts.label(), facts.recorded(), recovery);
        monitor.session(facts, transitions::add);
        return this;
    }

    /** An IM ketamine session dosed at second 0 with a usual adult baseline. */
    Ward dosed() {
        return registered(Drug.KETAMINE, Route.IM, 0, Duration.ZERO, new BaselineVitals(72, 124, 78, 14, 98, 37));
    }

    Ward end() {
        return endAt(second);
    }

    /** Ends the session at a wall-clock second, which a monitor whose clock runs ahead may have passed. */
    Ward endAt(long endSecond) {
        monitor.session(new SessionFacts(Drug.KETAMINE, Route.IM, T0, T0.plusSeconds(endSecond), Duration.ZERO,
                BaselineVitals.UNKNOWN), transitions::add);
        return this;
    }

    /** Frames go through the service's frame order (duplicates, device clocks) before the rules. */
    Ward throughFrameOrder() {
        order = new org.dosewatch.reading.FrameOrder();
        return this;
    }

    /** The monitor's clock is set to a second (back or ahead); frames go on counting their seq. */
    Ward clockAt(long deviceSecond) {
        second = deviceSecond;
        return this;
    }

    /** One frame at the current second, then the clock moves one second on. */
    Ward frame(double hr, double spo2, double rr, double etco2, double sbp, double dbp) {
        Instant ts = T0.plusSeconds(second);
        Reading frame = new Reading(sessionId, sessionId + "-monitor", seq++, ts, hr, spo2, rr, etco2, sbp, dbp,
                Double.isNaN(sbp) ? NONE : (sbp + 2 * dbp) / 3);
        if (order == null) {
            evaluate(frame);
        } else {
            order.admit(frame, this::evaluate);
        }
        second++;
        return this;
    }

    private void evaluate(Reading frame) {
        monitor.onReading(frame, frame.ts().toEpochMilli(), transitions::add);
    }

    Ward calm(int seconds) {
        return frames(seconds, t -> 72, t -> 98, t -> 14);
    }

    Ward frames(int seconds, DoubleUnaryOperator hr, DoubleUnaryOperator spo2, DoubleUnaryOperator rr) {
        for (int i = 0; i < seconds; i++) {
            double t = i;
            frame(hr.applyAsDouble(t), spo2.applyAsDouble(t), rr.applyAsDouble(t), NONE, NONE, NONE);
        }
        return this;
    }

    /** A calm frame that also carries a completed NIBP cycle. */
    Ward cuff(double sbp, double dbp) {
        return frame(72, 98, 14, NONE, sbp, dbp);
    }

    /** Calm frames with NIBP every {@code everySeconds}. */
    Ward calmWithCuff(int seconds, int everySeconds, double sbp, double dbp) {
        for (int i = 0; i < seconds; i++) {
            if (i % everySeconds == 0) {
                cuff(sbp, dbp);
            } else {
                calm(1);
            }
        }
        return this;
    }

    /** The monitor falls silent: the device clock moves on with no frame. */
    Ward silence(int seconds) {
        second += seconds;
        return this;
    }

    Ward tickAtWallSecond(long wallSecond) {
        monitor.onTick(T0.plusSeconds(wallSecond).toEpochMilli(), transitions::add);
        return this;
    }

    long second() {
        return second;
    }

    List<Transition> of(RuleId rule) {
        return transitions.stream().filter(t -> t.rule() == rule).toList();
    }

    List<RuleId> raised() {
        return transitions.stream().filter(t -> t.type() == Transition.Type.RAISED).map(Transition::rule).toList();
    }

    /** Second (from T0) of the first RAISED of a rule, or -1. */
    long raisedAt(RuleId rule) {
        return transitions.stream().filter(t -> t.rule() == rule && t.type() == Transition.Type.RAISED)
                .mapToLong(t -> t.readingTs().getEpochSecond() - T0.getEpochSecond()).findFirst().orElse(-1);
    }

    boolean isOpen(RuleId rule) {
        boolean open = false;
        for (Transition t : transitions) {
            if (t.rule() == rule) {
                open = t.type() != Transition.Type.CLEARED && t.type() != Transition.Type.ENDED;
            }
        }
        return open;
    }
}
