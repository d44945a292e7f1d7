package org.dosewatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;

/**
 * The base of DoseWatch's container image, made without a registry or a Docker daemon: a Java
 * runtime cut by jlink from the JDK that runs the build, the system libraries it and the
 * application's native libraries (RocksDB among them) link against, taken from this machine, a
 * writable /tmp and a passwd entry for the service's
 * user 185, written as an image tar that Jib then builds the service's image on.
 * Run by the build before packaging; it does nothing when the tar exists.
 */
public final class ContainerBase {

    /** What the service uses of the platform (jdeps of the application, rounded up). */
    private static final String MODULES = String.join(",", "java.se", "jdk.unsupported", "jdk.crypto.ec",
            "jdk.zipfs", "jdk.management", "jdk.management.agent", "jdk.naming.dns", "jdk.jfr", "jdk.localedata");
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x");
    static final String JAVA_HOME = "/opt/java/openjdk";

    private ContainerBase() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path tar = work.resolve("dosewatch-base.tar");
        if (Files.exists(tar)) {
            System.out.println("[dosewatch] container base up to date: " + tar);
            return;
        }
        Path runtime = work.resolve("jre");
        deleteRecursively(runtime);
        Files.createDirectories(work);
        jlink(runtime);

        Path tmp = Files.createDirectories(work.resolve("empty"));
        Path passwd = Files.writeString(work.resolve("passwd"),
                "root:x:0:0:root:/root:/sbin/nologin\ndosewatch:x:185:0:DoseWatch:/deployments:/sbin/nologin\n");
        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("system")
                .addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"))
                .addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"));
        Set<String> libraries = sharedLibraries(runtime);
        libraries.addAll(sharedLibraries(nativeLibrariesOfTheApplication(work.resolve("native"))));
        for (String library : libraries) {
            system.addEntry(Path.of(library).toRealPath(), AbsoluteUnixPath.get(library), FilePermissions.fromOctalString("755"));
        }
        FileEntriesLayer java = FileEntriesLayer.builder().setName("java")
                .addEntryRecursive(runtime, AbsoluteUnixPath.get(JAVA_HOME),
                        (source, target) -> permissions(source))
                .build();

        Jib.fromScratch()
                .addFileEntriesLayer(system.build())
                .addFileEntriesLayer(java)
                .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME, "PATH", JAVA_HOME + "/bin:/usr/bin:/bin", "LANG", "C.UTF-8"))
                .setUser("185")
                .containerize(Containerizer.to(TarImage.at(tar).named("dosewatch-base:java-" + Runtime.version().feature())));
        System.out.println("[dosewatch] container base written: " + tar);
    }

    private static void jlink(Path output) {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("jlink not found: build with a JDK"));
        StringWriter errors = new StringWriter();
        int status = jlink.run(new PrintWriter(System.out), new PrintWriter(errors), "--add-modules", MODULES,
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2", "--output", output.toString());
        if (status != 0) {
            throw new IllegalStateException("jlink failed: " + errors);
        }
    }

    /** The system libraries the runtime's programs and libraries load, as ldd names them. */
    static Set<String> sharedLibraries(Path runtime) throws IOException, InterruptedException {
        List<Path> binaries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(runtime)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".so") || f.getParent().getFileName().toString().equals("bin"))
                    .forEach(binaries::add);
        }
        Set<String> libraries = new TreeSet<>();
        for (Path binary : binaries) {
            Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ldd.waitFor(30, TimeUnit.SECONDS);
            for (String line : output.lines().toList()) {
                Matcher library = LIBRARY.matcher(line);
                if (library.find() && !library.group(1).startsWith(runtime.toAbsolutePath().toString())
                        && !library.group(1).contains("/" + runtime.getFileName() + "/")) {
                    libraries.add(library.group(1));
                }
            }
        }
        return libraries;
    }

    /**
     * The Linux x86-64 native libraries inside the application's jars (RocksDB, compression
     * codecs, Netty), extracted so that ldd can name what they load at run time.
     */
    static Path nativeLibrariesOfTheApplication(Path into) throws IOException {
        deleteRecursively(into);
        Files.createDirectories(into);
        if (!(ContainerBase.class.getClassLoader() instanceof URLClassLoader loader)) {
            throw new IllegalStateException("cannot read the application's classpath from " + ContainerBase.class.getClassLoader());
        }
        int count = 0;
        for (URL url : loader.getURLs()) {
            Path jar;
            try {
                jar = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                continue;
            }
            if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                continue;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    String name = entry.getName().toLowerCase(Locale.ROOT);
                    boolean linux64 = (name.contains("linux") && (name.contains("64") || name.contains("amd64")))
                            && !name.contains("aarch64") && !name.contains("arm") && !name.contains("ppc")
                            && !name.contains("s390") && !name.contains("riscv") && !name.contains("musl");
                    if (linux64 && name.endsWith(".so") && !entry.isDirectory()) {
                        Path target = into.resolve((count++) + "-" + Path.of(entry.getName()).getFileName());
                        try (InputStream in = file.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
        }
        return into;
    }

    private static FilePermissions permissions(Path source) {
        try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
        } catch (IOException e) {
            return Files.isDirectory(source) ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS : FilePermissions.DEFAULT_FILE_PERMISSIONS;
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
