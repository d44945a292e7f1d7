package org.dosewatch.rules;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * A stream thread that fails is replaced, never left dead: its tasks are taken up again from
 * their last commit (exactly once, nothing lost or repeated) and evaluation goes on. Kafka
 * Streams' own default would shut the whole evaluation down on a single failure.
 */
@ApplicationScoped
public class EvaluationThreads implements StreamsUncaughtExceptionHandler {

    private final Counter replaced;

    public EvaluationThreads(MeterRegistry registry) {
        this.replaced = Counter.builder("dosewatch.evaluation.threads.replaced")
                .description("Rule evaluation threads that failed and were replaced").register(registry);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        replaced.increment();
        Log.errorf(failure, "A rule evaluation thread failed; it is replaced and its sessions resume from their last commit");
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
