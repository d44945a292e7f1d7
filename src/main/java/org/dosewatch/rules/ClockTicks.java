package org.dosewatch.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dosewatch.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Writes the wall clock into the log: once a second, a tick on every partition of
 * {@link Topics#CLOCK}, dated now. The rule engine takes the ticks in time order with the frames
 * of the same partition, so silence is judged on what the log holds (see {@link SessionEvaluator}).
 * Every instance ticks every partition: a partition whose instance died keeps its clock for the
 * instance that takes it over, and a task takes each second once, whoever wrote it.
 *
 * <p>The topic is the service's own: created if missing, with the partitions and replication of
 * {@link Topics#READINGS}, kept an hour.
 */
@ApplicationScoped
public class ClockTicks {

    private static final byte[] NOTHING = new byte[0];
    private static final Duration KEPT = Duration.ofHours(1);

    private final Map<String, Object> kafka;
    private final String instance;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile int partitions;
    private volatile boolean stopped;

    public ClockTicks(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                      @ConfigProperty(name = "kafka-streams.group.instance.id") Optional<String> instance) {
        this.kafka = kafka;
        this.instance = instance.filter(name -> !name.isBlank()).orElse("dosewatch");
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopped) {
            return;
        }
        try {
            if (partitions == 0) {
                partitions = ensureTopic();
            }
            KafkaProducer<String, byte[]> ticks = producer();
            long now = System.currentTimeMillis();
            for (int partition = 0; partition < partitions; partition++) {
                ticks.send(new ProducerRecord<>(Topics.CLOCK, partition, now, instance, NOTHING), (sent, error) -> {
                    if (error == null && failing.compareAndSet(true, false)) {
                        Log.info("Clock ticks reach the broker again");
                    } else if (error != null && failing.compareAndSet(false, true)) {
                        Log.warnf("Clock ticks not written (%s); silence is judged again once they are", error.getMessage());
                    }
                });
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                Log.warnf("Clock ticks not written (%s); silence is judged again once they are", e.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        KafkaProducer<String, byte[]> ticks = producer;
        if (ticks != null) {
            ticks.close(Duration.ofSeconds(2));
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "dosewatch-clock-" + instance);
            config.put(ProducerConfig.ACKS_CONFIG, "1");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // A tick that waits is stale: never block the scheduler, give up on one after a while.
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** The clock's partitions, as many as the readings'; the topic is created (or widened) to have them. */
    private int ensureTopic() {
        try (Admin admin = Admin.create(kafka)) {
            TopicDescription readings = admin.describeTopics(Set.of(Topics.READINGS)).allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.READINGS);
            int wanted = readings.partitions().size();
            short replicas = (short) readings.partitions().get(0).replicas().size();
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (!existing.contains(Topics.CLOCK)) {
                admin.createTopics(List.of(new NewTopic(Topics.CLOCK, wanted, replicas).configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(KEPT.toMillis()),
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)))).all().get(10, TimeUnit.SECONDS);
                Log.infof("Created %s with %d partitions, like %s", Topics.CLOCK, wanted, Topics.READINGS);
            } else {
                int has = admin.describeTopics(Set.of(Topics.CLOCK)).allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.CLOCK).partitions().size();
                if (has < wanted) {
                    admin.createPartitions(Map.of(Topics.CLOCK, NewPartitions.increaseTo(wanted))).all().get(10, TimeUnit.SECONDS);
                    Log.infof("Widened %s to %d partitions, like %s", Topics.CLOCK, wanted, Topics.READINGS);
                }
            }
            return wanted;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return 0; // another instance created it a moment ago: the next second reads it
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
