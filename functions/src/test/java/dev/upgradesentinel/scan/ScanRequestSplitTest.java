package dev.upgradesentinel.scan;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScanRequestSplitTest {

  private static ScanRequest sweep(int projects) {
    List<String> names = IntStream.rangeClosed(1, projects).mapToObj(i -> "project-" + i).toList();
    return new ScanRequest(
        "scan-1", ScanRequest.Kind.SWEEP, names, "-", "", true, "", "scheduler", 1, 1);
  }

  @Test
  void split_moreProjectsThanBatchSize_numbersBatchesAndKeepsEveryProjectOnce() {
    List<ScanRequest> batches = sweep(120).split(50);

    assertThat(batches).hasSize(3);
    assertThat(batches.stream().map(ScanRequest::batch).toList())
        .containsExactly(1, 2, 3)
        .inOrder();
    assertThat(batches.stream().map(ScanRequest::batches).distinct().toList()).containsExactly(3);
    assertThat(batches.get(2).projects()).hasSize(20);
    assertThat(batches.stream().flatMap(b -> b.projects().stream()).toList())
        .containsExactlyElementsIn(sweep(120).projects())
        .inOrder();
    assertThat(batches.stream().allMatch(b -> b.scanId().equals("scan-1") && b.notifySinks()))
        .isTrue();
  }

  @Test
  void split_fitsInOneBatch_returnsTheSameRequest() {
    assertThat(sweep(7).split(50)).containsExactly(sweep(7));
  }

  @Test
  void split_batchSurvivesJson_withItsNumbers() {
    ScanRequest second = sweep(120).split(50).get(1);

    assertThat(ScanRequest.fromJson(second.toJson(), "unused")).isEqualTo(second);
  }

  @Test
  void fromJson_schedulerBodyWithoutScanId_usesTheDefaultId() {
    ScanRequest request =
        ScanRequest.fromJson(
            "{\"kind\":\"sweep\",\"projects\":[\"p1-alpha\",\"p2-bravo\"],\"notify\":true}",
            "scan-4711");

    assertThat(request.scanId()).isEqualTo("scan-4711");
    assertThat(request.kind()).isEqualTo(ScanRequest.Kind.SWEEP);
    assertThat(request.notifySinks()).isTrue();
    assertThat(request.location()).isEqualTo("-");
  }
}
