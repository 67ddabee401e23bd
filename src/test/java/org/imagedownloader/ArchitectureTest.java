package org.imagedownloader;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages are the architecture: the list side (list, run) reads lists and adds up their outcomes;
 * the per-URL side (attempt, polite, store, fetch) works one item at a time and never reaches back into
 * the list side; the messages between the two sides stand alone.
 */
@AnalyzeClasses(packages = "org.imagedownloader", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("org.imagedownloader.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule perUrlSideNeverImportsListSide = noClasses()
            .that().resideInAnyPackage("..attempt..", "..polite..", "..store..", "..fetch..")
            .should().dependOnClassesThat().resideInAnyPackage("..list..", "..run..", "..kafka..", "..view..");

    /** Object storage is one store among others: nothing else knows there is an S3 API behind it. */
    @ArchTest
    static final ArchRule onlyTheBucketStoreTalksToS3 = noClasses()
            .that().resideOutsideOfPackages("org.imagedownloader.store.s3..", "org.imagedownloader")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "org.imagedownloader.store.s3..");

    @ArchTest
    static final ArchRule messagesImportNothingOfOurs = noClasses()
            .that().resideInAPackage("org.imagedownloader.message..")
            .should().dependOnClassesThat(resideInAPackage("org.imagedownloader..")
                    .and(resideOutsideOfPackage("org.imagedownloader.message..")));

    @ArchTest
    static final ArchRule onlyTheApplicationWiresTheParts = noClasses()
            .that().resideOutsideOfPackage("org.imagedownloader")
            .should().dependOnClassesThat().resideInAPackage("org.imagedownloader");
}
