package org.dosewatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house's rules: packages lean one way (no cycle), the rule core is plain Java, and a REST
 * resource never calls another resource (what two resources share is a service).
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
}
