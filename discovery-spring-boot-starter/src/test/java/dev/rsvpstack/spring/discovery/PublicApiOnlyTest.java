package dev.rsvpstack.spring.discovery;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * The starter is an application of discovery-lib like any other: it goes through its public API
 * (launchers' InternalPackagesTest does not see this module, which would bring Spring there).
 */
class PublicApiOnlyTest {
    @Test
    void the_starter_uses_no_internal_package_of_discovery_lib() {
        JavaClasses starter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rsvpstack.spring.discovery");
        ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.rsvpstack.discovery.internal..")
                .check(starter);
    }
}
