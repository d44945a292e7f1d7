package org.dosewatch.reading;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Every outcome of ingest is counted, so an operator can see that nothing disappears:
 * consumed = accepted + rejected + duplicates + out of order + clock glitches, once every frame
 * held after a clock step is decided (at most three per device wait). Created at start-up, so
 * every series is there at zero before the first reading.
 */
@Startup
@ApplicationScoped
public class ReadingMetrics {

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter outOfOrder;
    private final Counter glitches;
    private final Counter restarts;
    private final Counter clockSteps;
    private final Counter posted;
    private final Timer processing;
    private final Map<String, Counter> rejectedByReason = new ConcurrentHashMap<>();

    public ReadingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.consumed = Counter.builder("dosewatch.readings.consumed")
                .description("Records taken from " + org.dosewatch.Topics.READINGS).register(registry);
        this.accepted = Counter.builder("dosewatch.readings.accepted")
                .description("Valid new frames passed on to rule evaluation").register(registry);
        this.duplicates = Counter.builder("dosewatch.readings.ignored").tag("kind", "duplicate")
                .description("Valid frames not evaluated because they were already seen or are older than the newest")
                .register(registry);
        this.outOfOrder = Counter.builder("dosewatch.readings.ignored").tag("kind", "out-of-order")
                .register(registry);
        this.glitches = Counter.builder("dosewatch.readings.ignored").tag("kind", "clock-glitch")
                .register(registry);
        this.restarts = Counter.builder("dosewatch.readings.device.restarts")
                .description("Monitors that started counting seq again with newer frames").register(registry);
        this.clockSteps = Counter.builder("dosewatch.readings.device.clock.steps")
                .description("Monitors whose clock was set back (newer seq, older time, confirmed by the frames after)").register(registry);
        this.posted = Counter.builder("dosewatch.readings.posted")
                .description("Frames written to the readings topic by POST /api/readings").register(registry);
        this.processing = Timer.builder("dosewatch.reading.processing")
                .description("Time to decode, validate and evaluate one record")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void consumed() {
        consumed.increment();
    }

    public void accepted() {
        accepted.increment();
    }

    public void ignored(FrameOrder.Verdict verdict) {
        switch (verdict) {
            case DUPLICATE -> duplicates.increment();
            case OUT_OF_ORDER -> outOfOrder.increment();
            case RESTARTED -> restarts.increment();
            case REBASED -> clockSteps.increment();
            case NEW, HELD -> { }
        }
    }

    /** A held frame turned out a glitch of its monitor's clock: never evaluated. */
    public void glitch() {
        glitches.increment();
    }

    public void rejected(String reason) {
        rejectedByReason.computeIfAbsent(reason, r -> Counter.builder("dosewatch.readings.rejected")
                .description("Records sent to " + org.dosewatch.Topics.READINGS_DLQ + ", by the field at fault")
                .tag("reason", r).register(registry)).increment();
    }

    void posted(int count) {
        posted.increment(count);
    }

    public void processed(long startNanos) {
        processing.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
