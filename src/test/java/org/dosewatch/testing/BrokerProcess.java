package org.dosewatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (KRaft, one node) as its own process, on fixed loopback ports, so that
 * it can be stopped and started again as an operator restarts one: the service's clients see it
 * go away and come back at the same address, with its data. Run from the test classpath, which
 * holds the broker (the same version as the service's Kafka client). The contract's topics are
 * created by {@link KafkaAndPostgres#createTopics}.
 */
public final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path properties;
    private Process process;

    private BrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.properties = dir.resolve("server.properties");
    }

    /** Formats a new broker under {@code dir} (emptied first), starts it and creates the contract's topics. */
    public static BrokerProcess start(Path dir) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        BrokerProcess broker = new BrokerProcess(dir, freePort());
        int controller = freePort();
        Files.writeString(broker.properties, String.join("\n",
                "node.id=1",
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://127.0.0.1:" + broker.port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + broker.port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + org.dosewatch.Topics.DEFAULT_PARTITIONS,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + org.dosewatch.Topics.DEFAULT_PARTITIONS,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=" + org.dosewatch.Topics.DEFAULT_PARTITIONS,
                "share.coordinator.state.topic.replication.factor=1",
                "group.initial.rebalance.delay.ms=0",
                "") + KafkaAndPostgres.BROKER_SETTINGS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
                .collect(java.util.stream.Collectors.joining()), StandardCharsets.UTF_8);
        broker.run(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", broker.properties.toString()), "format");
        broker.startAgain();
        KafkaAndPostgres.createTopics(broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its ports and data, and waits until it takes connections. */
    public void startAgain() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java("-Xms256m", "-Xmx768m", "kafka.Kafka", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
        process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker stopped; see " + dir.resolve("broker.log"));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** A clean stop (SIGTERM), as an operator restarts a broker; waits until it is gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(List<String> tool, String what) throws IOException, InterruptedException {
        List<String> command = java("-Xmx256m");
        command.addAll(tool);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("Kafka " + what + " failed: " + output.strip());
        }
    }

    private static List<String> java(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
