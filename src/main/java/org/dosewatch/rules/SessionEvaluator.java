package org.dosewatch.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dosewatch.Topics;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Reading;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.StateOut;
import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.TransitionSink;
import org.dosewatch.reading.FrameOrder;
import org.dosewatch.reading.InvalidReadingException;

import io.quarkus.logging.Log;

/**
 * Evaluates the sessions of one partition of {@code vitals.readings}, on the stream thread that
 * owns it: decodes and validates each record (a bad one goes to the dead-letter topic with its
 * reason), puts the frame in its device's order, runs the session's rules and forwards the
 * transitions. The wall clock comes from the same partition of {@code dosewatch.clock}, a tick a
 * second, which Kafka Streams hands over in time order with the frames: a session's ticks and
 * frames never overtake each other, and silence is judged on what the log holds, not on how
 * fast this task reads it.
 *
 * <p>State: a session's state is put into the changelogged store after every frame or tick that
 * changed it. The store's cache keeps the newest per session, and each commit, exactly once (one
 * Kafka transaction), takes to the brokers the states, the transitions and dead letters forwarded
 * since the last commit and the offsets of the frames and ticks they came from. After a crash the
 * task starts from the last commit as a whole: nothing sent without its state, no state without
 * its frames; the frames and ticks after it are evaluated again and give the same transitions.
 *
 * <p>When a frame was received is the time its record was written to the log (no earlier than the
 * newest tick taken before it, so a sender whose clock is behind is not taken for a silent one;
 * no later than now): a frame evaluated again after a crash was received when it first was.
 */
final class SessionEvaluator implements Processor<String, byte[], String, byte[]> {

    /** How long an ended session's state is kept, for a late frame to find it silent rather than new. */
    private static final long ENDED_KEPT_MILLIS = Duration.ofMinutes(10).toMillis();

    private final EvaluationTopology.Parts parts;
    private final DeadLetters deadLetters;
    private final Map<String, EvaluatedSession> sessions = new HashMap<>();
    /** Sessions whose saved state this version could not read, removed at the first tick unless evaluated afresh by then. */
    private final Set<String> unreadable = new HashSet<>();
    /** One buffer for every state this task saves: a state is copied out of it as it is stored. */
    private final StateOut buffer = new StateOut();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> facts;
    /** The newest tick of the clock this task has taken; MIN_VALUE: none yet. */
    private long clock = Long.MIN_VALUE;
    /**
     * What reading the sessions back found to do (a session ended while its state was away ends
     * its alerts): sent, and the sessions saved, with the first frame or tick, since nothing can be
     * forwarded or logged to the changelog while the task initialises.
     */
    private final List<Transition> fromRestore = new ArrayList<>();
    private final Set<String> changedWhileAway = new HashSet<>();

    SessionEvaluator(EvaluationTopology.Parts parts) {
        this.parts = parts;
        this.deadLetters = new DeadLetters(parts);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.states = context.getStateStore(EvaluationTopology.SESSION_STATES);
        this.facts = context.getStateStore(EvaluationTopology.SESSION_FACTS);
        int restored = 0;
        try (KeyValueIterator<String, byte[]> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                EvaluatedSession session = restore(entry.key, entry.value);
                if (session != null) {
                    sessions.put(entry.key, session);
                    parts.engine().register(entry.key, session.monitor, session.monitor.snapshot());
                    restored++;
                }
            }
        }
        if (restored > 0) {
            Log.infof("Stream task %s took over %d sessions from their saved state", context.taskId(), restored);
        }
        parts.engine().taskStarted();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (!fromRestore.isEmpty() || !changedWhileAway.isEmpty()) {
            catchUpOnRestore(record.timestamp());
        }
        if (fromClock()) {
            tick(record.timestamp());
            return;
        }
        long start = System.nanoTime();
        parts.metrics().consumed();
        Reading reading;
        try {
            reading = parts.decoder().decode(record.key(), record.value());
        } catch (InvalidReadingException e) {
            deadLetters.send(context, record, e.field() == null ? "frame" : e.field(), e.getMessage());
            return;
        }
        try {
            evaluate(reading, record.timestamp());
        } catch (RuntimeException e) {
            Log.errorf(e, "Reading %s/%d of session %s could not be evaluated", reading.deviceId(), reading.seq(),
                    reading.sessionId());
            deadLetters.send(context, record, "processing", "processing failed: " + Objects.toString(e.getMessage(), "internal error"));
            return;
        }
        parts.metrics().processed(start);
    }

    private void catchUpOnRestore(long timestamp) {
        TransitionSink sink = forwarding(timestamp);
        fromRestore.forEach(sink::accept);
        fromRestore.clear();
        changedWhileAway.forEach(id -> {
            EvaluatedSession session = sessions.get(id);
            if (session != null) {
                save(id, session);
            }
        });
        changedWhileAway.clear();
    }

    private boolean fromClock() {
        return context.recordMetadata().map(m -> Topics.CLOCK.equals(m.topic())).orElse(false);
    }

    private void evaluate(Reading reading, long recordTime) {
        EvaluatedSession session = sessions.get(reading.sessionId());
        if (session == null) {
            session = open(reading.sessionId());
        }
        TransitionSink sink = forwarding(recordTime);
        boolean changed = applyFacts(reading.sessionId(), session, sink);
        long received = received(recordTime);
        SessionMonitor monitor = session.monitor;
        FrameOrder.Verdict verdict = session.frames.admit(reading, new FrameOrder.Outcome() {
            @Override
            public void evaluate(Reading frame) {
                parts.metrics().accepted();
                if (monitor.phase() != Phase.ENDED) {
                    parts.admitted().admitted(frame, received);
                }
                monitor.onReading(frame, received, sink);
            }

            @Override
            public void glitch(Reading frame) {
                parts.metrics().glitch();
            }
        });
        parts.metrics().ignored(verdict);
        // A held frame is part of the saved state too.
        changed |= verdict != FrameOrder.Verdict.DUPLICATE && verdict != FrameOrder.Verdict.OUT_OF_ORDER;
        if (changed) {
            save(reading.sessionId(), session);
        }
    }

    /**
     * When a frame written to the log at {@code recordTime} was received: then, but no earlier than
     * the newest tick taken before it (its sender's clock is behind, or it waited in the sender),
     * and no later than now (its sender's clock is ahead).
     */
    private long received(long recordTime) {
        return Math.min(Math.max(recordTime, clock), context.currentSystemTimeMs());
    }

    /** A tick of the clock: silent monitors are noticed, record changes applied, ended sessions let go. */
    private void tick(long now) {
        if (now <= clock) {
            return; // another instance's tick for a second already taken
        }
        clock = now;
        parts.engine().ticked(now);
        if (!unreadable.isEmpty()) {
            unreadable.stream().filter(id -> !sessions.containsKey(id)).forEach(states::delete);
            unreadable.clear();
        }
        CountingSink sink = new CountingSink(forwarding(now));
        Iterator<Map.Entry<String, EvaluatedSession>> each = sessions.entrySet().iterator();
        while (each.hasNext()) {
            Map.Entry<String, EvaluatedSession> entry = each.next();
            EvaluatedSession session = entry.getValue();
            sink.count = 0;
            boolean changed = applyFacts(entry.getKey(), session, sink);
            session.monitor.onTick(now, sink);
            if (session.monitor.phase() == Phase.ENDED) {
                if (session.endedSeenAt == Long.MIN_VALUE) {
                    session.endedSeenAt = now;
                } else if (now - session.endedSeenAt >= ENDED_KEPT_MILLIS) {
                    states.delete(entry.getKey());
                    parts.engine().withdraw(entry.getKey(), session.monitor);
                    each.remove();
                    continue;
                }
            }
            if (changed || sink.count > 0) {
                save(entry.getKey(), session);
            }
        }
    }

    @Override
    public void close() {
        parts.engine().taskClosed();
        sessions.forEach((sessionId, session) -> parts.engine().withdraw(sessionId, session.monitor));
        sessions.clear();
    }

    private EvaluatedSession open(String sessionId) {
        byte[] record = facts.get(sessionId);
        SessionFacts known = parts.facts().read(sessionId, record);
        SessionMonitor monitor = new SessionMonitor(sessionId, parts.facts().profile(known));
        // A new monitor has no open alert to clear, so nothing can be emitted here.
        monitor.session(known, transition -> { });
        EvaluatedSession session = new EvaluatedSession(monitor, new FrameOrder(), record);
        sessions.put(sessionId, session);
        parts.engine().register(sessionId, monitor, monitor.snapshot());
        return session;
    }

    /** Tells the monitor what changed in the session's record since it last looked; answers whether anything did. */
    private boolean applyFacts(String sessionId, EvaluatedSession session, TransitionSink sink) {
        byte[] record = facts.get(sessionId);
        if (record == session.factsRecord || Arrays.equals(record, session.factsRecord)) {
            return false;
        }
        session.told(record);
        SessionFacts updated = parts.facts().read(sessionId, record);
        boolean ended = session.monitor.phase() == Phase.ENDED;
        session.monitor.reconfigure(parts.facts().profile(updated));
        session.monitor.session(updated, sink);
        if (!ended && session.monitor.phase() == Phase.ENDED) {
            parts.admitted().ended(sessionId);
        }
        return true;
    }

    private void save(String sessionId, EvaluatedSession session) {
        states.put(sessionId, session.state(buffer));
        // Whatever changed the state may have changed what a person sees.
        parts.engine().publish(sessionId, session.monitor, session.monitor.snapshot());
    }

    private EvaluatedSession restore(String sessionId, byte[] state) {
        try {
            EvaluatedSession session = EvaluatedSession.restore(sessionId, state, facts.get(sessionId), parts.facts(),
                    fromRestore::add);
            if (session.recordChangedWhileAway) {
                changedWhileAway.add(sessionId);
            }
            return session;
        } catch (RuntimeException e) {
            // A state this version cannot read: the session starts afresh from its next frame, loudly.
            Log.errorf("Session %s: saved state unreadable (%s); evaluating it afresh", sessionId, e.getMessage());
            // Not deleted here: while the task initialises, the store cannot write to its changelog.
            // The session's next save replaces it; the next tick removes it if no frame came.
            unreadable.add(sessionId);
            return null;
        }
    }

    private TransitionSink forwarding(long timestamp) {
        return transition -> context.forward(new Record<>(transition.sessionId(), parts.codec().encode(transition), timestamp),
                EvaluationTopology.TRANSITIONS_SINK);
    }
}
