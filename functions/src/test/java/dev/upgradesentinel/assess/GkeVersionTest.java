package dev.upgradesentinel.assess;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GkeVersionTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.9, 1.14",
    "1.9.7-gke.0, 1.14.10-gke.27",
    "1.14, 1.23.17-gke.100",
    "1.23.17-gke.100, 1.23.17-gke.1700",
    "1.23.17-gke.1700, 1.24",
    "1.23.17-gke.100, 1.24",
    "1.24, 1.24.0-gke.100",
    "1.24.0, 1.24.1",
    "1.21.0-gke.1000, 1.21.1-gke.2200",
    "1.21.1-gke.2199, 1.21.1-gke.2200",
    "1.27.3-gke.100, 1.27.3-gke.1014001",
    "1.30.5-gke.999999999999, 1.30.5-gke.1000000000000",
  })
  void compareTo_lowerVersion_sortsFirst(String lower, String higher) {
    assertThat(GkeVersion.parse(lower)).isLessThan(GkeVersion.parse(higher));
    assertThat(GkeVersion.parse(higher)).isGreaterThan(GkeVersion.parse(lower));
  }

  @Test
  void compareTo_missingComponents_countAsZero() {
    assertThat(GkeVersion.parse("1.24"))
        .isEquivalentAccordingToCompareTo(GkeVersion.parse("1.24.0"));
    assertThat(GkeVersion.parse("1.24")).isEqualTo(GkeVersion.parse("1.24.0"));
    assertThat(GkeVersion.parse("1.24").hashCode())
        .isEqualTo(GkeVersion.parse("1.24.0").hashCode());
  }

  @Test
  void isAtLeast_wall_holdsForGkeBuildsOf124AndLater() {
    assertThat(GkeVersion.parse("1.24.0").isAtLeast(GkeVersion.WALL)).isTrue();
    assertThat(GkeVersion.parse("1.24.17-gke.2200").isAtLeast(GkeVersion.WALL)).isTrue();
    assertThat(GkeVersion.parse("1.100.0").isAtLeast(GkeVersion.WALL)).isTrue();
    assertThat(GkeVersion.parse("1.23.17-gke.1700").isAtLeast(GkeVersion.WALL)).isFalse();
  }

  @Test
  void sort_realVersions_ordersNumericallyNotLexically() {
    List<GkeVersion> versions = new ArrayList<>();
    for (String v :
        List.of("1.24.0", "1.9.7-gke.0", "1.23.17-gke.1700", "1.14.10-gke.27", "1.23.8-gke.1900")) {
      versions.add(GkeVersion.parse(v));
    }
    Collections.sort(versions);

    assertThat(versions.stream().map(GkeVersion::toString).toList())
        .containsExactly(
            "1.9.7-gke.0", "1.14.10-gke.27", "1.23.8-gke.1900", "1.23.17-gke.1700", "1.24.0")
        .inOrder();
  }

  @Test
  void parse_leadingV_isAccepted() {
    assertThat(GkeVersion.parse("v1.23.4")).isEqualTo(GkeVersion.parse("1.23.4"));
  }

  @Test
  void minor_returnsMajorDotMinor() {
    assertThat(GkeVersion.parse("1.23.17-gke.1700").minor()).isEqualTo("1.23");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "latest", "1.X", "-", "1..2", "1.24-", "abc.def", "1.2.3.4.5"})
  void tryParse_notAVersion_isEmpty(String text) {
    assertThat(GkeVersion.tryParse(text)).isEmpty();
    assertThrows(IllegalArgumentException.class, () -> GkeVersion.parse(text));
  }

  @Test
  void tryParse_null_isEmpty() {
    assertThat(GkeVersion.tryParse(null)).isEmpty();
  }
}
