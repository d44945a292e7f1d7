package org.dosewatch.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Run by the build after packaging: the image tar is unpacked layer by layer into a root file
 * system, as a container runtime would, and its Java runs there (chroot, with /proc mounted,
 * as the image's own user) and finds the service's jar where the entrypoint looks for it.
 * chroot needs root: CI runs as root; a build as another user, or in a sandbox that may not
 * mount, says it did not run it.
 */
public final class ImageCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path work = Path.of(args[1]);
        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("[dosewatch] image not run: unpacking it into a chroot needs root");
            return;
        }
        unmountQuietly(work.resolve("rootfs/proc"));
        deleteRecursively(work);
        Path archive = Files.createDirectories(work.resolve("archive"));
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        run(List.of("tar", "-xf", image.toString(), "-C", archive.toString()));
        JsonNode manifest = JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", archive.resolve(layer.asText()).toString(),
                    "-C", rootfs.toString()));
        }
        JsonNode config = JSON.readTree(archive.resolve(manifest.get("Config").asText()).toFile()).get("config");
        String javaHome = env(config, "JAVA_HOME");
        String jar = config.get("WorkingDir").asText() + "/" + last(config.get("Entrypoint"));
        if (!Files.isRegularFile(rootfs.resolve(jar.substring(1)))) {
            throw new IllegalStateException("the entrypoint's " + jar + " is not in the image");
        }
        Path proc = Files.createDirectories(rootfs.resolve("proc"));
        try {
            run(List.of("mount", "-t", "proc", "proc", proc.toString()));
        } catch (IllegalStateException notPermitted) {
            // a sandbox without the right to mount: the layers were unpacked, the Java was not run
            System.out.println("[dosewatch] image unpacked but not run: " + notPermitted.getMessage());
            deleteRecursively(work);
            return;
        }
        try {
            String version = run(List.of("chroot", "--userspec=" + config.get("User").asText() + ":0", rootfs.toString(),
                    javaHome + "/bin/java", "-version"));
            System.out.println("[dosewatch] the image's Java runs: " + version.lines().findFirst().orElse(""));
        } finally {
            run(List.of("umount", proc.toString()));
        }
        deleteRecursively(work);
    }

    private static String env(JsonNode config, String name) {
        for (JsonNode entry : config.get("Env")) {
            if (entry.asText().startsWith(name + "=")) {
                return entry.asText().substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("the image sets no " + name);
    }

    private static String last(JsonNode array) {
        return array.get(array.size() - 1).asText();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    /** A check stopped half-way may have left /proc mounted in the root file system: never delete through it. */
    private static void unmountQuietly(Path proc) throws InterruptedException, IOException {
        if (Files.isDirectory(proc)) {
            new ProcessBuilder("umount", proc.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
