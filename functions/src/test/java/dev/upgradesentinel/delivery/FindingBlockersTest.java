package dev.upgradesentinel.delivery;

import static com.google.common.truth.Truth.assertThat;

import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.sinks.Delivery.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingBlockersTest {
  private static final ClusterRef REF = new ClusterRef("platform-prod", "us-central1", "payments");
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final Duration REPEAT = Duration.ofDays(7);

  @Test
  void fingerprint_withoutOtherBlockers_isTheOneStoredBeforeBlockersExisted() throws Exception {
    Finding docker = Finding.of(REF, Verdict.BLOCKED, Map.of("default-pool", "COS"), "");
    String legacy =
        "finding/v1\nplatform-prod\nus-central1\npayments\nBLOCKED\npool=default-pool=COS\nnap=";
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(legacy.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 32);

    assertThat(docker.fingerprint()).isEqualTo(expected);
  }

  @Test
  void fingerprint_coversTheSetOfBlockers_notTheirOrder() {
    Finding a =
        Finding.of(REF, Verdict.BLOCKED, Map.of(), "", Set.of("DEPRECATION_INSIGHT/X", "W"));
    Finding b =
        Finding.of(REF, Verdict.BLOCKED, Map.of(), "", Set.of("W", "DEPRECATION_INSIGHT/X"));
    Finding c = Finding.of(REF, Verdict.BLOCKED, Map.of(), "", Set.of("W"));

    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a.fingerprint()).isNotEqualTo(c.fingerprint());
  }

  @Test
  void lifecycle_aNewBlockerPostsAnUpdate_theLastClearedPostsTheResolution() {
    Finding one = Finding.of(REF, Verdict.BLOCKED, Map.of(), "", Set.of("DEPRECATION_INSIGHT/A"));
    Finding two =
        Finding.of(
            REF,
            Verdict.BLOCKED,
            Map.of(),
            "",
            Set.of("DEPRECATION_INSIGHT/A", "DEPRECATION_INSIGHT/B"));
    Finding clear = Finding.of(REF, Verdict.CLEAR, Map.of(), "", Set.of());

    ClusterRecord first = Lifecycle.next(null, one, NOW, REPEAT, false);
    ClusterRecord same = Lifecycle.next(first, one, NOW.plusSeconds(60), REPEAT, false);
    ClusterRecord update = Lifecycle.next(first, two, NOW.plusSeconds(120), REPEAT, false);
    ClusterRecord resolved = Lifecycle.next(update, clear, NOW.plusSeconds(180), REPEAT, false);

    assertThat(first.action()).isEqualTo(Kind.NEW);
    assertThat(same).isSameInstanceAs(first);
    assertThat(update.action()).isEqualTo(Kind.UPDATE);
    assertThat(update.previousFinding().orElseThrow().blockers())
        .containsExactly("DEPRECATION_INSIGHT/A");
    assertThat(resolved.action()).isEqualTo(Kind.RESOLUTION);
    assertThat(resolved.previousFinding().orElseThrow().blockers()).hasSize(2);
  }
}
