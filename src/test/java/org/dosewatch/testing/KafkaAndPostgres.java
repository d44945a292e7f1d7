package org.dosewatch.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.dosewatch.Topics;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts what the service runs on in production, for real: an Apache Kafka broker in KRaft
 * mode inside the test JVM, with the contract's topics, and a PostgreSQL server from the
 * machine's binaries. One of each serves the whole test run.
 */
public class KafkaAndPostgres implements QuarkusTestResourceLifecycleManager {

    /**
     * Broker settings the service relies on beyond the defaults (the local stack sets the same):
     * a transaction left open by an instance that died is aborted within a second of its
     * timeout, not ten, so the partitions it held are readable again soon.
     */
    static final Map<String, String> BROKER_SETTINGS = Map.of(
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    private static KafkaClusterTestKit kafka;
    private static LocalPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            kafka = startBroker();
            postgres = LocalPostgres.start(Path.of("target"));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Could not start Kafka and PostgreSQL for the tests: " + e.getMessage(), e);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "kafka-streams.state.dir", Path.of("target", "kafka-streams-" + ProcessHandle.current().pid()).toAbsolutePath().toString(),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.username", LocalPostgres.USER);
    }

    /** A one-node KRaft broker in this JVM, with the contract's topics. */
    public static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.num.partitions", "6");
        BROKER_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit broker = builder.build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        createTopics(broker.bootstrapServers());
        return broker;
    }

    public static LocalPostgres postgres() {
        return postgres;
    }

    public static String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The contract's topics, with the partitions and compaction the local stack gives them. */
    public static void createTopics(String bootstrapServers) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            short replicas = 1;
            admin.createTopics(List.of(
                    new NewTopic(Topics.READINGS, Topics.DEFAULT_PARTITIONS, replicas),
                    new NewTopic(Topics.READINGS_DLQ, Topics.DEFAULT_PARTITIONS, replicas),
                    new NewTopic(Topics.ALERTS, Topics.DEFAULT_PARTITIONS, replicas),
                    new NewTopic(Topics.ALERT_TRANSITIONS, Topics.DEFAULT_PARTITIONS, replicas),
                    new NewTopic(Topics.CLOCK, Topics.DEFAULT_PARTITIONS, replicas)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")),
                    new NewTopic(Topics.STATUS, Topics.DEFAULT_PARTITIONS, replicas)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                    new NewTopic(Topics.SESSIONS, Topics.DEFAULT_PARTITIONS, replicas)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception e) {
                System.err.println("Kafka test broker did not stop cleanly: " + e.getMessage());
            }
            kafka = null;
        }
    }
}
