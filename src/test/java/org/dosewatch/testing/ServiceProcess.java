package org.dosewatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as its own process, as an
 * operator runs it: in the local profile (its local logins), against a given broker and
 * database, under a fixed instance id and state directory so that a restart is the same
 * instance coming back. It can be killed ({@code kill -9}) and started again.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path log;
    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private Process process;

    /**
     * @param environment beside the broker, database, port, state directory and instance id:
     *                    settings of this run (any {@code DOSEWATCH_*} or Quarkus variable)
     */
    public ServiceProcess(String name, int port, Path work, String kafka, String databaseUrl, Map<String, String> environment,
                          List<String> jvmOptions) {
        this.name = name;
        this.port = port;
        this.log = work.resolve(name + ".log");
        this.jar = Path.of(System.getProperty("dosewatch.service.jar", "target/quarkus-app/quarkus-run.jar"));
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "QUARKUS_PROFILE", "local",
                "DOSEWATCH_KAFKA", kafka,
                "DOSEWATCH_DB_URL", databaseUrl,
                "DOSEWATCH_DB_USER", LocalPostgres.USER,
                "DOSEWATCH_PORT", Integer.toString(port),
                "DOSEWATCH_STATE_DIR", work.resolve("state-" + name).toString(),
                "DOSEWATCH_INSTANCE_ID", "dosewatch-" + name));
        env.putAll(environment);
        this.environment = env;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Starts the process (again, after a kill: same name, port and state directory). */
    public void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the service first (./mvnw package)");
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx2g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!alive()) {
                throw new IllegalStateException("service " + name + " stopped; see " + log);
            }
            return ready();
        });
    }

    public boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or gone
        }
    }

    /** The sum of a Prometheus metric's series, as {@code /q/metrics} shows it now. */
    public double metric(String metric) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/metrics").toURL().openConnection();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            return lines.lines().filter(l -> l.startsWith(metric + " ") || l.startsWith(metric + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
    }

    /**
     * Several metrics at once, each the sum of the series whose line starts with the given text
     * (a name, or a name with the start of its labels), NaN series left out; in the order asked.
     */
    public java.util.Map<String, Double> metrics(String... starts) throws IOException {
        java.util.Map<String, Double> sums = new java.util.LinkedHashMap<>();
        for (String start : starts) {
            sums.put(start, 0.0);
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/metrics").toURL().openConnection();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> {
                for (String start : starts) {
                    if (line.startsWith(start) && (start.contains("{") || line.startsWith(start + " ") || line.startsWith(start + "{"))) {
                        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        if (!Double.isNaN(value)) {
                            sums.merge(start, value, Double::sum);
                        }
                    }
                }
            });
        }
        return sums;
    }

    /** {@code kill -9}: no shutdown hook, no last commit. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** A clean stop (SIGTERM), then {@code kill -9} if it takes longer than 30 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
