package dev.decomcam.ops;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries, checked on the compiled main classes of every module (the ops test class
 * path sees them all), as written down in the "Boundaries" paragraph of {@code dev.decomcam.ops}'s
 * package-info.
 */
@AnalyzeClasses(packages = "dev.decomcam", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] ALGORITHMS = {
    "dev.decomcam.processor.decom..", "dev.decomcam.processor.track.."
  };

  /**
   * Decom-CAM and tracking are pure computations: no transport, engine, wire format, video or I/O.
   */
  @ArchTest
  static final ArchRule algorithmsUseNoInfrastructure =
      noClasses()
          .that()
          .resideInAnyPackage(ALGORITHMS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "ai.djl..",
              "org.apache.avro..",
              "dev.decomcam.schemas..",
              "org.bytedeco..",
              "java.nio.file..",
              "java.net..",
              "javax.imageio..")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("java\\.io\\.File.*")
          .because(
              "processor.decom and processor.track are the algorithm, testable and reusable without"
                  + " Kafka, DJL, Avro, JavaCV or files; the engine and topology packages adapt"
                  + " them");

  /**
   * The positive form of the rule above: the JDK's language, collections and maths, in-memory
   * bytes, EJML.
   */
  @ArchTest
  static final ArchRule algorithmsUseOnlyTheJdkCoreAndEjml =
      classes()
          .that()
          .resideInAnyPackage(ALGORITHMS)
          .should()
          .onlyDependOnClassesThat(
              resideInAnyPackage(
                      "java.lang..",
                      "java.util..",
                      "java.math..",
                      "java.nio",
                      "org.ejml..",
                      "dev.decomcam.processor.decom..",
                      "dev.decomcam.processor.track..")
                  .or(
                      nameMatching(
                          "java\\.io\\.(ByteArray(In|Out)putStream|Data(In|Out)put(Stream)?|(Unchecked)?IOException"
                              + "|Serializable)")))
          .because("the algorithm packages compute on arrays and matrices only");

  @ArchTest
  static final ArchRule ingestMeetsOthersOnlyThroughSchemasAndCommon =
      noClasses()
          .that()
          .resideInAPackage("dev.decomcam.ingest..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.decomcam.processor..", "dev.decomcam.sink..")
          .because(
              "modules meet only through dev.decomcam.schemas (the topics' contracts) and"
                  + " dev.decomcam.common");

  @ArchTest
  static final ArchRule processorMeetsOthersOnlyThroughSchemasAndCommon =
      noClasses()
          .that()
          .resideInAPackage("dev.decomcam.processor..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.decomcam.ingest..", "dev.decomcam.sink..")
          .because(
              "modules meet only through dev.decomcam.schemas (the topics' contracts) and"
                  + " dev.decomcam.common");

  @ArchTest
  static final ArchRule sinkMeetsOthersOnlyThroughSchemasAndCommon =
      noClasses()
          .that()
          .resideInAPackage("dev.decomcam.sink..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.decomcam.ingest..", "dev.decomcam.processor..")
          .because(
              "modules meet only through dev.decomcam.schemas (the topics' contracts) and"
                  + " dev.decomcam.common");

  @ArchTest
  static final ArchRule onlyOpsUsesOps =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.decomcam.ops..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.decomcam.ops..")
          .because(
              "ops (broker, command line, demo, bench) sits on top of every module; nothing sits on"
                  + " ops");

  @ArchTest
  static final ArchRule commonDependsOnNoOtherModule =
      noClasses()
          .that()
          .resideInAPackage("dev.decomcam.common..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.decomcam.schemas..",
              "dev.decomcam.processor..",
              "dev.decomcam.ingest..",
              "dev.decomcam.sink..",
              "dev.decomcam.ops..")
          .because("common is the base every module may use, so it uses none of them");

  /** JPEG goes through {@code dev.decomcam.common.image.JpegCodec} only. */
  @ArchTest
  static final ArchRule jpegOnlyThroughJpegCodec =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.decomcam.ingest..", "dev.decomcam.processor..", "dev.decomcam.sink..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("javax.imageio..")
          .because(
              "one codec (quality, colour handling, one-line errors) for every JPEG: use "
                  + "dev.decomcam.common.image.JpegCodec");
}
