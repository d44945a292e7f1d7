package org.dosewatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house's rules: packages lean one way (no cycle), the rule core is plain Java, a REST
 * resource never calls another resource (what two resources share is a service), and no class
 * or page module grows past what a newcomer reads in one go.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dosewatch");

    @Test
    void noPackageCycles() {
        slices().matching("org.dosewatch.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theRuleCoreUsesTheJdkOnly() {
        noClasses().that().resideInAPackage("org.dosewatch.monitor..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.dosewatch.monitor..", "java..")
                .check(MAIN);
    }

    @Test
    void noResourceCallsAResource() {
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Resource")
                .check(MAIN);
    }

    @Test
    void noClassOfTheServiceOver300Lines() throws IOException {
        assertThat(longerThan(Path.of("src/main/java"), ".java", 300)).isEmpty();
    }

    @Test
    void noModuleOfThePageOver400Lines() throws IOException {
        assertThat(longerThan(Path.of("src/main/resources/META-INF/resources"), ".js", 400)).isEmpty();
    }

    /** The files of this kind under {@code root} with more lines than {@code most}, with their counts. */
    private static List<String> longerThan(Path root, String suffix, int most) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                int lines = Files.readAllLines(file).size();
                if (lines > most) {
                    found.add(file + ": " + lines + " lines");
                }
            }
        }
        return found;
    }
}
