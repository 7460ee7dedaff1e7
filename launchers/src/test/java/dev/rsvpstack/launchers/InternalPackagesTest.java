package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A module's {@code internal} packages are for that module only: code of another module (or an
 * application) goes through the public API, which can then change its implementation freely. The
 * launchers see every module's classes, so the rule runs here, over the main classes of all of them.
 */
class InternalPackagesTest {
    /** None today; an entry here must say why and until when. The test fails when an entry is no longer needed. */
    private static final Set<String> TEMPORARY_EXCEPTIONS = Set.of();

    private static final String ROOT = "dev.rsvpstack";

    @Test
    void no_module_uses_another_modules_internal_package() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(classes.stream().map(JavaClass::getPackageName))
                .as("the main classes of every module are on the launchers' test classpath")
                .anyMatch(name -> name.startsWith(ROOT + ".discovery"))
                .anyMatch(name -> name.startsWith(ROOT + ".session"))
                .anyMatch(name -> name.startsWith(ROOT + ".archiver"))
                .anyMatch(name -> name.startsWith(ROOT + ".web"))
                .anyMatch(name -> name.startsWith(ROOT + ".couchbase"))
                .anyMatch(name -> name.startsWith(ROOT + ".testkit"));

        Set<String> excepted = new HashSet<>();
        rule(excepted).check(classes);
        assertThat(excepted).as("temporary exceptions still needed").isEqualTo(TEMPORARY_EXCEPTIONS);
    }

    @Test
    void the_rule_reports_a_class_that_imports_another_modules_internal_package() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesSessionInternals.class);

        assertThatThrownBy(() -> rule(new HashSet<>()).check(offender))
                .hasMessageContaining(UsesSessionInternals.class.getName())
                .hasMessageContaining("dev.rsvpstack.session.internal.CookieSigner");
    }

    /** Stands for an application that reaches into session-lib's implementation. */
    static final class UsesSessionInternals {
        Class<?> reachIn() {
            return dev.rsvpstack.session.internal.CookieSigner.class;
        }
    }

    private static ArchRule rule(Set<String> excepted) {
        return ArchRuleDefinition.classes().that().resideInAPackage(ROOT + "..")
                .should(new ArchCondition<JavaClass>("use no other module's internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass();
                            Optional<String> owner = internalOwner(target.getPackageName());
                            if (owner.isEmpty() || within(origin.getPackageName(), owner.get())) {
                                continue;
                            }
                            String pair = topLevel(origin.getName()) + " -> " + topLevel(target.getName());
                            if (TEMPORARY_EXCEPTIONS.contains(pair)) {
                                excepted.add(pair);
                                continue;
                            }
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                    + ": " + owner.get() + ".internal is that module's implementation; use its API"));
                        }
                    }
                })
                .allowEmptyShould(false);
    }

    /** {@code a.b} for {@code a.b.internal} or {@code a.b.internal.c}; empty for a public package. */
    private static Optional<String> internalOwner(String packageName) {
        if (!within(packageName, ROOT)) {
            return Optional.empty();
        }
        int at = (packageName + ".").indexOf(".internal.");
        return at < 0 ? Optional.empty() : Optional.of(packageName.substring(0, at));
    }

    private static boolean within(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }
}
