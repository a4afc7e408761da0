package io.fedstream.contract;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The wire contract (schemas, generated records, codecs, topic names) is what every other module
 * depends on, so it depends on nothing of the project: a change in the job, the edge or core never
 * changes what goes on the wire.
 *
 * <p>Rules are checked from {@code @ArchTest} methods, not fields: Surefire 3.5.3 (the version the
 * root pom pins) silently skips {@code @ArchTest} fields (SUREFIRE-2298, TNG/ArchUnit#1442).
 */
@AnalyzeClasses(
        packages = {"io.fedstream.contract", "io.fedstream.avro"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ContractArchitectureTest {

    private static final String[] CONTRACT = {"io.fedstream.contract..", "io.fedstream.avro.."};

    @ArchTest
    static void contractDependsOnNoOtherFedStreamPackage(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage(CONTRACT)
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.fedstream..").and(resideOutsideOfPackages(CONTRACT)))
                .as(
                        "the contract (io.fedstream.contract, io.fedstream.avro) depends on no other"
                                + " io.fedstream package")
                .check(classes);
    }

    @ArchTest
    static void contractPackagesFormNoCycle(JavaClasses classes) {
        slices().matching("io.fedstream.(*)..").should().beFreeOfCycles().check(classes);
    }
}
