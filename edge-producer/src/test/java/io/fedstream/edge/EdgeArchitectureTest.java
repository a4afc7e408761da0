package io.fedstream.edge;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The attack simulation is a stage the simulated fleet inserts, never a branch of the production
 * client: what a real device runs (io.fedstream.edge.client, io.fedstream.edge.pipeline) does not
 * know io.fedstream.edge.attack. Only the simulated fleet ({@code Fleet}, {@code FleetConfig} and
 * their nested classes) wires attackers in.
 *
 * <p>Rules are checked from {@code @ArchTest} methods, not fields: Surefire 3.5.3 (the version the
 * root pom pins) silently skips {@code @ArchTest} fields (SUREFIRE-2298, TNG/ArchUnit#1442).
 */
@AnalyzeClasses(
        packages = "io.fedstream.edge",
        importOptions = ImportOption.DoNotIncludeTests.class)
class EdgeArchitectureTest {

    private static final DescribedPredicate<JavaClass> SIMULATED_FLEET =
            DescribedPredicate.describe(
                    "the simulated fleet (Fleet, FleetConfig)",
                    c -> {
                        String topLevel = c.getName().split("\\$", 2)[0];
                        return topLevel.equals("io.fedstream.edge.client.Fleet")
                                || topLevel.equals("io.fedstream.edge.client.FleetConfig");
                    });

    @ArchTest
    static void productionClientDoesNotDependOnAttacks(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage("io.fedstream.edge.client..", "io.fedstream.edge.pipeline..")
                .and(not(SIMULATED_FLEET))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fedstream.edge.attack..")
                .as(
                        "production edge classes (client, pipeline) do not depend on"
                                + " io.fedstream.edge.attack, except the simulated fleet (Fleet,"
                                + " FleetConfig)")
                .check(classes);
    }

    @ArchTest
    static void edgePackagesFormNoCycle(JavaClasses classes) {
        slices().matching("io.fedstream.edge.(**)").should().beFreeOfCycles().check(classes);
    }
}
