package dev.upgradesentinel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.upgradesentinel.gke.InventoryClusterSource;

/**
 * The architecture, as rules the build holds the code to. From the bottom up:
 *
 * <ul>
 *   <li>{@code base}: what every layer shares (the transient-failure type, the deadline, the
 *       language); it imports nothing of ours.
 *   <li>{@code model}: the records the rules read — cluster, node pool, cluster reference, GKE
 *       event — free of protos and envelopes.
 *   <li>{@code config}: the environment, read once.
 *   <li>{@code assess} (the verdict, pure) and {@code guidance} (the words) know only the model.
 *   <li>Adapters that build the model: {@code gke} (from the GKE API's REST form, read by its one
 *       reader, from Cloud Asset Inventory and from files), {@code events} (from Pub/Sub
 *       envelopes).
 *   <li>{@code sinks} and one folder per sink: where guidance is delivered.
 *   <li>{@code delivery} (the notification log and its records), {@code routing} (which sinks get a
 *       finding).
 *   <li>The flows: {@code pipeline} (one notification end to end), {@code scan} (fleet scans and
 *       digests), {@code check} (the HTTP check), {@code command} (the slash command).
 *   <li>{@code wiring}: the one place an instance's components are built, for the entry classes.
 *   <li>{@code functions}: the entry classes, and nothing else.
 * </ul>
 */
@AnalyzeClasses(
    packages = "dev.upgradesentinel",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * Every package is its own slice, so a sink folder and the sink core cannot lean on each other.
   */
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("dev.upgradesentinel.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Base")
          .definedBy("dev.upgradesentinel.base..")
          .layer("Model")
          .definedBy("dev.upgradesentinel.model..")
          .layer("Config")
          .definedBy("dev.upgradesentinel.config..")
          .layer("Assess")
          .definedBy("dev.upgradesentinel.assess..")
          .layer("Guidance")
          .definedBy("dev.upgradesentinel.guidance..")
          .layer("Gke")
          .definedBy("dev.upgradesentinel.gke..")
          .layer("Events")
          .definedBy("dev.upgradesentinel.events..")
          .layer("Sinks")
          .definedBy("dev.upgradesentinel.sinks..")
          .layer("Delivery")
          .definedBy("dev.upgradesentinel.delivery..")
          .layer("Routing")
          .definedBy("dev.upgradesentinel.routing..")
          .layer("Pipeline")
          .definedBy("dev.upgradesentinel.pipeline..")
          .layer("Scan")
          .definedBy("dev.upgradesentinel.scan..")
          .layer("Check")
          .definedBy("dev.upgradesentinel.check..")
          .layer("Command")
          .definedBy("dev.upgradesentinel.command..")
          .layer("Wiring")
          .definedBy("dev.upgradesentinel.wiring..")
          .layer("Functions")
          .definedBy("dev.upgradesentinel.functions..")
          .whereLayer("Base")
          .mayNotAccessAnyLayer()
          .whereLayer("Model")
          .mayOnlyAccessLayers("Base")
          .whereLayer("Config")
          .mayOnlyAccessLayers("Base")
          .whereLayer("Assess")
          .mayOnlyAccessLayers("Model", "Base")
          .whereLayer("Guidance")
          .mayOnlyAccessLayers("Assess", "Model", "Base")
          .whereLayer("Gke")
          .mayOnlyAccessLayers("Model", "Config", "Base")
          .whereLayer("Events")
          .mayOnlyAccessLayers("Model", "Base")
          .whereLayer("Sinks")
          .mayOnlyAccessLayers("Guidance", "Assess", "Model", "Base")
          .whereLayer("Delivery")
          .mayOnlyAccessLayers("Sinks", "Assess", "Model", "Config", "Base")
          .whereLayer("Routing")
          .mayOnlyAccessLayers("Sinks", "Guidance", "Assess", "Model", "Config", "Base")
          .whereLayer("Functions")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Wiring")
          .mayOnlyBeAccessedByLayers("Functions")
          .whereLayer("Pipeline")
          .mayOnlyBeAccessedByLayers("Wiring", "Functions");

  /** The rules and the words never see a proto or a CloudEvent: adapters translate them. */
  @ArchTest
  static final ArchRule rulesKnowOnlyTheModel =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.upgradesentinel.model..",
              "dev.upgradesentinel.assess..",
              "dev.upgradesentinel.guidance..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.google.container..",
              "com.google.protobuf..",
              "io.cloudevents..",
              "com.google.cloud.functions..");

  /**
   * GKE is read one way, over its REST form by {@code gke.GkeApi}: no class anywhere uses the GKE
   * client library or its protos, and no GKE class but the Cloud Asset Inventory adapter (whose
   * client is gRPC) touches gRPC, gax or protobuf.
   */
  @ArchTest
  static final ArchRule gkeIsReadOverRestAlone =
      CompositeArchRule.of(
              noClasses()
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage("com.google.container..", "com.google.cloud.container.."))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage("dev.upgradesentinel.gke..")
                  .and()
                  .doNotBelongToAnyOf(InventoryClusterSource.class)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      "io.grpc..", "com.google.api.gax..", "com.google.protobuf.."));

  @ArchTest
  static final ArchRule entryClassesLiveInFunctions =
      classes()
          .that()
          .implement(HttpFunction.class)
          .or()
          .implement(CloudEventsFunction.class)
          .should()
          .resideInAPackage("dev.upgradesentinel.functions");

  @ArchTest
  static final ArchRule functionsHoldsOnlyEntryClasses =
      classes()
          .that()
          .resideInAPackage("dev.upgradesentinel.functions")
          .and()
          .areTopLevelClasses()
          .and()
          .areNotInterfaces()
          .should()
          .implement(HttpFunction.class)
          .orShould()
          .implement(CloudEventsFunction.class);
}
