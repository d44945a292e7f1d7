package org.dosewatch.rules;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the rules are running: the evaluation topology has its partitions, its sessions'
 * state restored, and is processing frames. Not while it starts, restores or rebalances, so a
 * restarted instance is not sent traffic while it would evaluate nothing.
 */
@Readiness
@ApplicationScoped
public class EvaluationReadiness implements HealthCheck {

    private final KafkaStreams streams;

    public EvaluationReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("DoseWatch rule evaluation")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
