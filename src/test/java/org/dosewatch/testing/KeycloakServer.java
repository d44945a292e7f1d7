package org.dosewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak, the clinic's OIDC provider in the tests: Keycloak's own distribution from
 * Maven Central (unpacked by the build into {@code target/keycloak}), run on a JDK 21 or newer
 * with the project's realm ({@code deploy/keycloak/dosewatch-realm.json}) on free loopback ports.
 * The realm's tokens live {@link #TOKEN_LIFESPAN} here, so a test sees a session renewed.
 * One server serves the whole test run.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "dosewatch";
    public static final String CLIENT_ID = "dosewatch";
    public static final String CLIENT_SECRET = "dosewatch-local-client-secret-0001";
    public static final String DEVICE_CLIENT_ID = "dosewatch-device";
    public static final String DEVICE_CLIENT_SECRET = "dosewatch-device-secret";
    public static final String MONITORING_CLIENT_ID = "dosewatch-monitoring";
    public static final String MONITORING_CLIENT_SECRET = "dosewatch-monitoring-secret";
    public static final Duration TOKEN_LIFESPAN = Duration.ofSeconds(20);

    private static Process server;
    private static String issuer;
    private static Path home;
    private static int port;
    private static int managementPort;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public synchronized Map<String, String> start() {
        if (server == null || !server.isAlive()) {
            try {
                issuer = launch();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start Keycloak for the tests", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.web.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.web.credentials.secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        // one server for the run: the JVM's shutdown hook stops it
    }

    public static String issuer() {
        return issuer;
    }

    /** Stops the provider, as an outage or a restart of the clinic's Keycloak would. */
    public static synchronized void stopServer() {
        stopProcess(server);
    }

    /** Starts the provider again at the same address, with its realm and signing keys as they were. */
    public static synchronized void startAgain() throws IOException {
        server = startProcess(home, javaHome());
        waitUntilServing(issuer + "/.well-known/openid-configuration", Duration.ofMinutes(2));
    }

    /** An access token for a user of the realm, as an API client that logs in with a password gets it. */
    public static String userToken(String user, String password) {
        return token("grant_type=password&scope=openid&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET
                + "&username=" + user + "&password=" + password);
    }

    /** An access token for a monitor or gateway: the device client's own credentials. */
    public static String deviceToken() {
        return token("grant_type=client_credentials&client_id=" + DEVICE_CLIENT_ID + "&client_secret=" + DEVICE_CLIENT_SECRET);
    }

    /** An access token for the metrics scraper: the monitoring client's own credentials. */
    public static String monitoringToken() {
        return token("grant_type=client_credentials&client_id=" + MONITORING_CLIENT_ID + "&client_secret=" + MONITORING_CLIENT_SECRET);
    }

    private static String token(String form) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(issuer + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token: " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String launch() throws IOException, InterruptedException {
        home = Path.of(System.getProperty("dosewatch.keycloak.home", "target/keycloak/keycloak"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + ": run the tests through ./mvnw verify");
        }
        Path java = javaHome();
        // Built once per unpacked copy (H2 file database), then started optimized: half the start-up time.
        Path built = home.resolve(".built-by-dosewatch");
        if (!Files.exists(built)) {
            run(home, java, List.of("build", "--db=dev-file"), Duration.ofMinutes(3));
            Files.createFile(built);
        }
        deleteRecursively(home.resolve("data"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.writeString(imports.resolve(REALM + "-realm.json"), realmForTests(), StandardCharsets.UTF_8);
        port = freePort();
        managementPort = freePort();
        server = startProcess(home, java);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopProcess(server)));
        String realmUrl = "http://127.0.0.1:" + port + "/realms/" + REALM;
        waitUntilServing(realmUrl + "/.well-known/openid-configuration", Duration.ofMinutes(2));
        return realmUrl;
    }

    private static Process startProcess(Path home, Path java) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + managementPort, "--hostname-strict=false", "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Files.createDirectories(Path.of("target")).resolve("keycloak.log").toFile()));
        builder.environment().put("JAVA_HOME", java.toString());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return builder.start();
    }

    /** The project's realm with short-lived tokens, so a session renewal happens within a test. */
    private static String realmForTests() throws IOException {
        Path realm = Path.of(System.getProperty("dosewatch.keycloak.realm", "deploy/keycloak/dosewatch-realm.json"));
        ObjectNode tree = (ObjectNode) JSON.readTree(realm.toFile());
        tree.put("accessTokenLifespan", TOKEN_LIFESPAN.toSeconds());
        return JSON.writeValueAsString(tree);
    }

    private static void waitUntilServing(String url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("Keycloak stopped during start-up; see target/keycloak.log");
                }
                try {
                    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Keycloak did not serve its realm within " + timeout + "; see target/keycloak.log", e);
        }
    }

    private static void run(Path home, Path java, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", java.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kc.sh " + String.join(" ", args) + " failed: " + output.strip());
        }
    }

    /** Keycloak needs JDK 21 or newer: DOSEWATCH_KEYCLOAK_JAVA_HOME, this JVM, or the newest under /usr/lib/jvm. */
    static Path javaHome() throws IOException {
        String configured = System.getenv("DOSEWATCH_KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                newest = homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && feature(h) >= 21)
                        .max(Comparator.comparingInt(KeycloakServer::feature));
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException(
                "Keycloak needs JDK 21 or newer: install one under /usr/lib/jvm or set DOSEWATCH_KEYCLOAK_JAVA_HOME"));
    }

    private static int feature(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            String version = lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().orElse("JAVA_VERSION=\"0\"");
            return Integer.parseInt(version.replaceAll("JAVA_VERSION=\"?(\\d+).*", "$1"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void stopProcess(Process process) {
        List<ProcessHandle> all = process.descendants().collect(Collectors.toCollection(ArrayList::new));
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        all.forEach(p -> p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join());
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
