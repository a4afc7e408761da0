package io.fedstream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * Core is the plain math the job, the edge and the evaluator share (model spec and reference model,
 * the Fashion-MNIST reader, L2 clipping, privacy accountants): no Flink or Kafka type, and nothing
 * of the project but the wire contract, so each side runs it without the other's runtime.
 *
 * <p>Rules are checked from {@code @ArchTest} methods, not fields: Surefire 3.5.3 (the version the
 * root pom pins) silently skips {@code @ArchTest} fields (SUREFIRE-2298, TNG/ArchUnit#1442).
 */
@AnalyzeClasses(
        packages = {"io.fedstream.model", "io.fedstream.data", "io.fedstream.privacy"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    private static final String[] CORE = {
        "io.fedstream.model..", "io.fedstream.data..", "io.fedstream.privacy.."
    };

    private static final String[] CORE_AND_CONTRACT = {
        "io.fedstream.model..",
        "io.fedstream.data..",
        "io.fedstream.privacy..",
        "io.fedstream.contract..",
        "io.fedstream.avro.."
    };

    @ArchTest
    static void coreUsesNoFlinkOrKafkaType(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .as("core (io.fedstream.model, .data, .privacy) uses no Flink or Kafka type")
                .check(classes);
    }

    @ArchTest
    static void coreDependsOnNoFedStreamPackageButTheContract(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.fedstream..")
                                .and(resideOutsideOfPackages(CORE_AND_CONTRACT)))
                .as("core depends on no io.fedstream package but its own and the contract")
                .check(classes);
    }

    @ArchTest
    static void corePackagesFormNoCycle(JavaClasses classes) {
        slices().matching("io.fedstream.(*)..").should().beFreeOfCycles().check(classes);
    }
}
