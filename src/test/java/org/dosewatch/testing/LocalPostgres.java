package org.dosewatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries, in a private data directory, listening
 * on a free loopback port. PostgreSQL refuses to run as root, so under root the server runs as
 * the {@code postgres} system user, with its data in the system's temporary directory. Set
 * {@code DOSEWATCH_PG_BIN} to use other binaries.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "dosewatch";
    public static final String DATABASE = "dosewatch";

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private LocalPostgres(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static LocalPostgres start(Path parent) throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        // The postgres user may not be allowed into the checkout (a home directory of mode 0700):
        // its data then lives in the system's temporary directory, which every user can enter.
        Path home = root ? Path.of(System.getProperty("java.io.tmpdir")) : parent.toAbsolutePath();
        Files.createDirectories(home);
        Path dataDir = Files.createTempDirectory(home, root ? "dosewatch-pg-" : "pg-");
        LocalPostgres postgres = new LocalPostgres(bin, dataDir, freePort(), root);
        if (root) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()), "chown");
        }
        postgres.exec("initdb", "-D", dataDir.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync",
                "--no-instructions");
        postgres.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::stopQuietly));
        postgres.exec("createdb", "-h", "127.0.0.1", "-p", Integer.toString(postgres.port), "-U", USER, DATABASE);
        return postgres;
    }

    /** Starts the server again after {@link #stopServer()}, on the same port and data. */
    public void startServer() throws IOException, InterruptedException {
        // fsync off: a test database is thrown away, and this halves the time of each write.
        exec("pg_ctl", "-D", dataDir.toString(), "-w", "-t", "60", "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + dataDir + " -F", "start");
    }

    /** Stops the server and keeps its data, as when the database host goes away. */
    public void stopServer() throws IOException, InterruptedException {
        exec("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            exec("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("PostgreSQL in " + dataDir + " did not stop cleanly: " + e.getMessage());
        }
    }

    private void exec(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, program);
    }

    private static void run(List<String> command, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // pg_ctl start leaves the server holding no pipe of ours, so reading to the end returns.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed: " + output.strip());
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getenv("DOSEWATCH_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql) "
                + "or set DOSEWATCH_PG_BIN to the directory that holds initdb and pg_ctl");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
