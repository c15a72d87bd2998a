package dev.upgradesentinel.gke;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.UpgradeOperation;
import dev.upgradesentinel.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClusterSourceTest {

  @TempDir Path dir;

  /** Writes the fixtures as one array, the way {@code gcloud container clusters list} does. */
  private Path listFile(String... fixtures) throws IOException {
    String array =
        "["
            + String.join(
                ",", Stream.of(fixtures).map(f -> Fixtures.text("clusters/" + f)).toList())
            + "]";
    return Files.writeString(dir.resolve("clusters.json"), array);
  }

  @Test
  void get_singleObjectFile_findsClusterByLocationAndName() {
    FileClusterSource source =
        new FileClusterSource(Fixtures.path("clusters/standard-docker.json"));

    ClusterInfo info = source.get(new ClusterRef("acme-prod", "us-central1", "legacy-web"));

    assertThat(info.nodePools()).hasSize(2);
    assertThat(info.autoprovisioningImageType()).isEqualTo("COS");
  }

  @Test
  void get_projectNumberInRef_stillMatchesAndReportsSelfLinkProject() throws IOException {
    FileClusterSource source =
        new FileClusterSource(listFile("standard-docker.json", "windows.json"));

    ClusterInfo info = source.get(new ClusterRef("987654321012", "us-west1", "dotnet-legacy"));

    assertThat(info.ref()).isEqualTo(new ClusterRef("acme-prod", "us-west1", "dotnet-legacy"));
  }

  @Test
  void get_wrongLocation_throwsClusterNotFound() throws IOException {
    FileClusterSource source = new FileClusterSource(listFile("standard-docker.json"));
    ClusterRef ref = new ClusterRef("acme-prod", "us-central1-a", "legacy-web");

    ClusterNotFoundException e =
        assertThrows(ClusterNotFoundException.class, () -> source.get(ref));

    assertThat(e.ref()).isEqualTo(ref);
  }

  @Test
  void list_arrayFile_returnsClustersWhoseSelfLinkNamesTheProject() throws IOException {
    FileClusterSource source =
        new FileClusterSource(
            listFile("standard-docker.json", "autopilot.json", "containerd.json", "windows.json"));

    assertThat(source.list("acme-prod").stream().map(c -> c.ref().name()))
        .containsExactly("legacy-web", "shop-autopilot", "dotnet-legacy")
        .inOrder();
    assertThat(source.list("acme-staging").stream().map(c -> c.ref().name()))
        .containsExactly("api-staging");
    assertThat(source.list("acme-other")).isEmpty();
  }

  @Test
  void list_clusterWithoutSelfLink_belongsToEveryProject() throws IOException {
    String noLink =
        "[{\"name\":\"local\",\"location\":\"us-east1\",\"currentMasterVersion\":\"1.23.1\"}]";
    FileClusterSource source =
        new FileClusterSource(Files.writeString(dir.resolve("c.json"), noLink));

    assertThat(source.list("p1").get(0).ref()).isEqualTo(new ClusterRef("p1", "us-east1", "local"));
    assertThat(source.list("p2").get(0).ref()).isEqualTo(new ClusterRef("p2", "us-east1", "local"));
  }

  @Test
  void constructor_fieldsUnknownToV1_areIgnored() {
    FileClusterSource source =
        new FileClusterSource(Fixtures.path("clusters/legacy-lowercase.json"));

    assertThat(source.get(new ClusterRef("x", "us-central1-c", "old-batch")).nodePools())
        .hasSize(2);
  }

  @Test
  void constructor_unknownEnumValue_isIgnored() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("c.json"),
            "{\"name\":\"c\",\"location\":\"l\",\"status\":\"HIBERNATING\","
                + "\"releaseChannel\":{\"channel\":\"SOMEDAY\"}}");

    assertThat(new FileClusterSource(file).get(new ClusterRef("p", "l", "c")).releaseChannel())
        .isEmpty();
  }

  @Test
  void constructor_notJson_throwsNamingFileWithoutContents() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"secret-value\"");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new FileClusterSource(file));

    assertThat(e).hasMessageThat().contains(file.toString());
    assertThat(e).hasMessageThat().contains("not valid JSON");
    assertThat(e).hasMessageThat().doesNotContain("secret-value");
  }

  @Test
  void constructor_wrongFieldType_throwsNamingFileAndElement() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.json"),
            "[{\"name\":\"a\"},{\"name\":\"b\",\"nodePools\":\"secret-value\"}]");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new FileClusterSource(file));

    assertThat(e).hasMessageThat().contains(file.toString());
    assertThat(e).hasMessageThat().contains("element=1");
    assertThat(e).hasMessageThat().doesNotContain("secret-value");
  }

  @Test
  void constructor_scalarOrNamelessCluster_throwsNamingTheAcceptedShapes() throws IOException {
    Path scalar = Files.writeString(dir.resolve("scalar.json"), "42");
    Path nameless = Files.writeString(dir.resolve("nameless.json"), "[{\"location\":\"l\"}]");

    assertThat(assertThrows(IllegalStateException.class, () -> new FileClusterSource(scalar)))
        .hasMessageThat()
        .contains("holds none of them). Accepted: an array of clusters");
    assertThat(assertThrows(IllegalStateException.class, () -> new FileClusterSource(nameless)))
        .hasMessageThat()
        .contains("element=0 has no name, so it is not a cluster. Accepted:");
  }

  @Test
  void constructor_restListAnswer_readsEveryCluster() {
    FileClusterSource source = new FileClusterSource(Fixtures.path("clusters/rest-list.json"));

    assertThat(source.list("acme-prod").stream().map(c -> c.ref().name()))
        .containsExactly("legacy-web");
    assertThat(source.get(new ClusterRef("acme-staging", "us-east1-b", "api-staging")).nodePools())
        .hasSize(2);
  }

  @Test
  void constructor_emptyRestListAnswer_isAProjectWithoutClusters() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
    Path emptyWithZones =
        Files.writeString(dir.resolve("zones.json"), "{\"missingZones\":[\"us-east1-b\"]}");

    assertThat(new FileClusterSource(empty).list("acme-prod")).isEmpty();
    assertThat(new FileClusterSource(emptyWithZones).list("acme-prod")).isEmpty();
  }

  @Test
  void constructor_assetList_readsClustersFromResourceData() {
    FileClusterSource source = new FileClusterSource(Fixtures.path("clusters/asset-list.json"));

    ClusterInfo web = source.get(new ClusterRef("987654321012", "us-central1", "legacy-web"));
    assertThat(web.ref()).isEqualTo(new ClusterRef("acme-prod", "us-central1", "legacy-web"));
    assertThat(web.autoprovisioningImageType()).isEqualTo("COS");
    // The Windows cluster's data has no selfLink: the asset's name places it in its project.
    assertThat(source.list("acme-prod").stream().map(c -> c.ref().name()))
        .containsExactly("legacy-web", "dotnet-legacy")
        .inOrder();
    assertThat(source.list("acme-staging")).isEmpty();
  }

  @Test
  void constructor_assetsOfOtherTypes_areSkipped() throws IOException {
    String assets =
        "[{\"assetType\":\"container.googleapis.com/NodePool\",\"name\":\"//container.googleapis.com/"
            + "projects/p/locations/l/clusters/c/nodePools/np\",\"resource\":{\"data\":{\"name\":\"np\"}}},"
            + "{\"assetType\":\"container.googleapis.com/Cluster\",\"name\":\"//container.googleapis.com/"
            + "projects/p/locations/l/clusters/c\",\"resource\":{\"data\":{\"name\":\"c\",\"location\":\"l\"}}}]";
    FileClusterSource source =
        new FileClusterSource(Files.writeString(dir.resolve("a.json"), assets));

    assertThat(source.list("p").stream().map(c -> c.ref().name())).containsExactly("c");
  }

  @Test
  void constructor_assetListedWithoutResource_throwsNamingTheFlag() throws IOException {
    String names =
        "[{\"assetType\":\"container.googleapis.com/Cluster\",\"name\":\"//container.googleapis.com/"
            + "projects/p/locations/l/clusters/c\",\"ancestors\":[\"projects/1\"]}]";
    Path file = Files.writeString(dir.resolve("names.json"), names);

    assertThat(assertThrows(IllegalStateException.class, () -> new FileClusterSource(file)))
        .hasMessageThat()
        .contains("element=0 is a container.googleapis.com/Cluster asset without resource.data");
  }

  @Test
  void constructor_objectOfAnotherShape_throwsNamingTheAcceptedShapes() throws IOException {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"items\":[{\"name\":\"c\"}]}");
    Path badList = Files.writeString(dir.resolve("bad.json"), "{\"clusters\":{\"name\":\"c\"}}");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new FileClusterSource(other));
    assertThat(e).hasMessageThat().contains("path=" + other);
    assertThat(e).hasMessageThat().contains("{\"clusters\":[...]}, or {} for none");
    assertThat(e).hasMessageThat().contains("--content-type=resource");
    assertThat(assertThrows(IllegalStateException.class, () -> new FileClusterSource(badList)))
        .hasMessageThat()
        .contains("its \"clusters\" is not an array");
  }

  @Test
  void constructor_missingFile_throwsNamingFile() {
    Path missing = dir.resolve("nope.json");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new FileClusterSource(missing));

    assertThat(e).hasMessageThat().contains("path=" + missing);
  }

  @Test
  void upgradeInfoFile_answersEachClusterByLocationAndName_whateverTheProjectIsCalled()
      throws IOException {
    Path upgradeInfo = Files.writeString(dir.resolve("upgrade-info.json"), sampleUpgradeInfo());
    FileClusterSource source =
        new FileClusterSource(
            Fixtures.path("clusters/standard-docker.json"), Optional.of(upgradeInfo));

    var byId = source.upgradeInfo(new ClusterRef("shop-prod", "us-central1", "payments"));
    var byNumber = source.upgradeInfo(new ClusterRef("123456789012", "us-central1", "payments"));
    var short_ = source.upgradeInfo(new ClusterRef("shop-prod", "europe-west1", "ledger"));

    assertThat(byId.pausedReasons()).containsExactly("MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES");
    assertThat(byNumber).isEqualTo(byId);
    assertThat(short_.autoUpgradeStatus()).containsExactly("ACTIVE");
    ClusterAccessException missing =
        assertThrows(
            ClusterAccessException.class,
            () -> source.upgradeInfo(new ClusterRef("shop-prod", "us-east1", "other")));
    assertThat(missing).hasMessageThat().contains("GKE_UPGRADE_INFO_FILE has no answer");
  }

  @Test
  void noUpgradeInfoFile_saysSoForEveryCluster() {
    FileClusterSource source =
        new FileClusterSource(Fixtures.path("clusters/standard-docker.json"));

    ClusterAccessException e =
        assertThrows(
            ClusterAccessException.class,
            () -> source.upgradeInfo(new ClusterRef("shop-prod", "us-central1", "payments")));

    assertThat(e).hasMessageThat().contains("GKE_UPGRADE_INFO_FILE is not");
  }

  @Test
  void upgradeInfoFile_ofTheWrongShape_stopsAtStartNamingTheShape() throws IOException {
    Path array = Files.writeString(dir.resolve("array.json"), "[{\"autoUpgradeStatus\":[]}]");
    Path badKey = Files.writeString(dir.resolve("key.json"), "{\"payments\":{}}");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"a/b\":");
    Path cluster = Fixtures.path("clusters/standard-docker.json");

    for (Path file : List.of(array, badKey, broken)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> new FileClusterSource(cluster, Optional.of(file)));
      assertThat(e).hasMessageThat().contains("upgrade info file path=" + file);
    }
  }

  @Test
  void editedClustersFile_isReadAgain_andAnEditThatDoesNotParseKeepsTheClustersReadBefore()
      throws IOException {
    Path file = dir.resolve("fleet.json");
    String docker = Fixtures.text("clusters/standard-docker.json");
    Files.writeString(file, docker);
    FileClusterSource source = new FileClusterSource(file);
    ClusterRef ref = new ClusterRef("shop-prod", "us-central1", "legacy-web");
    assertThat(source.get(ref).nodePools().get(0).imageType()).isEqualTo("COS");

    Files.writeString(
        file, docker.replace("\"imageType\": \"COS\"", "\"imageType\": \"COS_CONTAINERD\""));
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2_000));

    assertThat(source.get(ref).nodePools().get(0).imageType()).isEqualTo("COS_CONTAINERD");

    Files.writeString(file, "[{\"name\":");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 4_000));

    assertThat(source.get(ref).nodePools().get(0).imageType()).isEqualTo("COS_CONTAINERD");
  }

  @Test
  void operationsFile_answersAnOperationByItsId_whetherNamedAloneOrByResourceName()
      throws IOException {
    Path operations =
        Files.writeString(
            dir.resolve("operations.json"),
            "[" + Fixtures.text("operations/upgrade-nodes-quota.json") + "]");
    FileClusterSource source =
        new FileClusterSource(
            Fixtures.path("clusters/standard-docker.json"),
            Optional.empty(),
            Optional.of(operations));
    ClusterRef ref = new ClusterRef("shop-prod", "us-central1", "legacy-web");

    UpgradeOperation byId =
        source.operation(ref, "operation-1765094400000-7c1f2e3a", java.time.Duration.ofSeconds(1));
    UpgradeOperation byName =
        source.operation(
            ref,
            "projects/123456789012/locations/us-central1/operations/operation-1765094400000-7c1f2e3a",
            java.time.Duration.ofSeconds(1));

    assertThat(byId).isEqualTo(byName);
    assertThat(byId.type()).isEqualTo("UPGRADE_NODES");
    assertThat(byId.errorCode()).isEqualTo(8);
    assertThat(byId.conditions().get(0).code()).isEqualTo("GCE_QUOTA_EXCEEDED");
    assertThat(byId.nodePool()).hasValue("default-pool");
    assertThrows(
        ClusterNotFoundException.class,
        () -> source.operation(ref, "operation-1-unknown", java.time.Duration.ofSeconds(1)));
    assertThrows(
        ClusterAccessException.class,
        () ->
            new FileClusterSource(Fixtures.path("clusters/standard-docker.json"))
                .operation(ref, "operation-1", java.time.Duration.ofSeconds(1)));
  }

  /** Two clusters' answers as gcloud prints them, one keyed by full name, one by location. */
  private static String sampleUpgradeInfo() {
    return """
    {
      "projects/shop-prod/locations/us-central1/clusters/payments": {
        "autoUpgradeStatus": ["MINOR_UPGRADE_PAUSED"],
        "pausedReason": ["MAINTENANCE_EXCLUSION_NO_MINOR_UPGRADES"],
        "minorTargetVersion": "1.33.5-gke.1308000",
        "endOfStandardSupportTimestamp": "2027-02-20T00:00:00Z"
      },
      "europe-west1/ledger": {"autoUpgradeStatus": ["ACTIVE"]}
    }
    """;
  }
}
