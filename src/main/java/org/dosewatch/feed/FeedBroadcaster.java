package org.dosewatch.feed;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** Fans alert and status events out to every dashboard connected to this instance. */
@ApplicationScoped
public class FeedBroadcaster {

    private final BroadcastProcessor<FeedEvent> events = BroadcastProcessor.create();
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter dropped;

    public FeedBroadcaster(MeterRegistry registry) {
        Gauge.builder("dosewatch.feed.clients", clients, AtomicInteger::get)
                .description("Dashboards connected to the live feed of this instance").register(registry);
        this.dropped = Counter.builder("dosewatch.feed.clients.dropped")
                .description("Dashboards dropped because they fell behind the feed (they reconnect from a snapshot)")
                .register(registry);
    }

    void dropped() {
        dropped.increment();
    }

    void publish(FeedEvent event) {
        events.onNext(event);
    }

    /** Events from now on. */
    Multi<FeedEvent> live() {
        return events;
    }

    void connected() {
        clients.incrementAndGet();
    }

    void disconnected() {
        clients.decrementAndGet();
    }
}
