package io.fedstream.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The federated server keeps its math (aggregation rules and kernels, privacy, client manager,
 * rounds) in plain Java and Flink at the edges: operators are thin adapters, the kafka package
 * builds sources and sinks, the config package holds the typed {@code ConfigOption}s, and {@link
 * FedStreamJob} plugs them together. Packages form no cycle, so each design component can be read,
 * tested and benchmarked on its own.
 *
 * <p>Rules are checked from {@code @ArchTest} methods, not fields: Surefire 3.5.3 (the version the
 * root pom pins) silently skips {@code @ArchTest} fields (SUREFIRE-2298, TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.fedstream.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobArchitectureTest {

    @ArchTest
    static void mathPackagesUseNoFlinkOrKafkaType(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.fedstream.job.aggregation..",
                        "io.fedstream.job.optimizer..",
                        "io.fedstream.job.privacy..",
                        "io.fedstream.job.clientmanager..",
                        "io.fedstream.job.metrics..",
                        "io.fedstream.job.round..",
                        "io.fedstream.job.safety..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .as(
                        "the job's math (aggregation, optimizer, privacy, clientmanager, metrics, round,"
                                + " safety) uses no Flink or Kafka type")
                .check(classes);
    }

    @ArchTest
    static void flinkTypesOnlyInJobOperatorsKafkaAndConfig(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.fedstream.job",
                        "io.fedstream.job.operators..",
                        "io.fedstream.job.kafka..",
                        "io.fedstream.job.config..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .as(
                        "Flink types appear only in io.fedstream.job (FedStreamJob), .operators, .kafka"
                                + " and .config (ConfigOptions)")
                .check(classes);
    }

    @ArchTest
    static void kafkaTypesOnlyInKafkaPackage(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.fedstream.job.kafka..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .as("Kafka types appear only in io.fedstream.job.kafka")
                .check(classes);
    }

    @ArchTest
    static void jobPackagesFormNoCycle(JavaClasses classes) {
        slices().matching("io.fedstream.job.(**)").should().beFreeOfCycles().check(classes);
    }
}
