package org.dosewatch.rules;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the rules are running: the evaluation topology has its partitions and its
 * sessions' state, and its stream tasks are reading the log, which the clock's ticks show (a
 * task takes one a second while it can reach the broker). Not while it starts, restores or
 * rebalances, nor while the broker is away; and ready again as soon as evaluation runs again,
 * however the broker came back.
 */
@Readiness
@ApplicationScoped
public class EvaluationReadiness implements HealthCheck {

    /** Ticks come every second: this long without one taken means evaluation is not reading the log. */
    static final Duration TICKS_STOPPED = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final RuleEngine engine;

    public EvaluationReadiness(KafkaStreams streams, RuleEngine engine) {
        this.streams = streams;
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        int tasks = engine.tasks();
        long sinceTick = engine.sinceTickTaken();
        boolean reading = tasks == 0 || sinceTick <= TICKS_STOPPED.toMillis();
        return HealthCheckResponse.named("DoseWatch rule evaluation")
                .status(state == KafkaStreams.State.RUNNING && reading)
                .withData("state", state.name())
                .withData("tasks", tasks)
                .withData("lastTickTaken", sinceTick == Long.MAX_VALUE ? "never" : sinceTick / 1000.0 + " s ago")
                .build();
    }
}
