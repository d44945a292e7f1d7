package org.dosewatch.web;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;


import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealthReporter;

/**
 * {@code dosewatch_ready}: 1 while {@code /q/health/ready} is UP (Kafka, PostgreSQL and the rule
 * evaluation all well), 0 otherwise, checked every 5 s. Prometheus alerts on it, so a readiness
 * lost on one instance is seen even where no orchestrator acts on the probe.
 */
@ApplicationScoped
class ReadinessMetric {

    private final SmallRyeHealthReporter health;
    private final AtomicInteger ready = new AtomicInteger();

    ReadinessMetric(SmallRyeHealthReporter health, MeterRegistry registry) {
        this.health = health;
        Gauge.builder("dosewatch.ready", ready, AtomicInteger::get)
                .description("1 while readiness is UP, 0 otherwise")
                .register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        health.getReadinessAsync().subscribe().with(
                report -> ready.set(report.isDown() ? 0 : 1),
                failure -> ready.set(0));
    }
}
