package dev.upgradesentinel;

import static com.google.common.truth.Truth.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The architecture's rules catch what they are written for, not only pass on today's code. */
class ArchitectureRulesTest {

  @Test
  void gkeIsReadOverRestAlone_failsOnAPlantedGrpcImportInTheGkePackage() throws Exception {
    JavaClasses planted =
        new ClassFileImporter()
            .importClasses(
                Class.forName("dev.upgradesentinel.gke.PlantedGrpcImport"),
                dev.upgradesentinel.gke.ApiClusterSource.class);

    EvaluationResult result = ArchitectureTest.gkeIsReadOverRestAlone.evaluate(planted);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("PlantedGrpcImport");
    assertThat(result.getFailureReport().toString()).doesNotContain("ApiClusterSource");
  }

  @Test
  void gkeIsReadOverRestAlone_holdsForTheReaderAndTheSource() {
    JavaClasses reader =
        new ClassFileImporter()
            .importClasses(
                dev.upgradesentinel.gke.GkeApi.class,
                dev.upgradesentinel.gke.ApiClusterSource.class);

    assertThat(ArchitectureTest.gkeIsReadOverRestAlone.evaluate(reader).hasViolation()).isFalse();
  }
}
