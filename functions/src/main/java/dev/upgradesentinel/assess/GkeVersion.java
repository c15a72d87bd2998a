package dev.upgradesentinel.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GKE version such as {@code 1.23.17-gke.1700}, ordered numerically: {@code 1.9} before {@code
 * 1.14}, {@code 1.23.17-gke.100} before {@code 1.24}.
 *
 * <p>The numeric core is compared component by component, missing components counting as zero
 * ({@code 1.24} equals {@code 1.24.0}). A build suffix ({@code -gke.1700}) orders builds of the
 * same Kubernetes version: a bare version sorts before any of its builds, so that {@code
 * 1.24.0-gke.100} is at or above the {@code 1.24} wall. Suffix parts compare numerically where both
 * are numbers.
 */
public final class GkeVersion implements Comparable<GkeVersion> {

  // Declared before the constants below, which are parsed with them.
  private static final Pattern CORE = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
  private static final Pattern SUFFIX = Pattern.compile("[0-9A-Za-z]+([.\\-][0-9A-Za-z]+){0,7}");

  /** The first version without Docker-based node images. */
  public static final GkeVersion WALL = parse("1.24");

  /** Control planes from this version on are stopped at the wall. */
  public static final GkeVersion LAST_BEFORE_WALL = parse("1.23");

  private final String text;
  private final List<Integer> core;
  private final List<String> suffix;

  private GkeVersion(String text, List<Integer> core, List<String> suffix) {
    this.text = text;
    this.core = core;
    this.suffix = suffix;
  }

  /**
   * Parses a version as GKE prints it, with an optional leading {@code v}.
   *
   * @throws IllegalArgumentException when the text is not a version
   */
  public static GkeVersion parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not a GKE version: '" + text + "'"));
  }

  /** Parses a version, or returns empty for blank or malformed text (and aliases like "latest"). */
  public static Optional<GkeVersion> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.strip();
    String body = trimmed.startsWith("v") ? trimmed.substring(1) : trimmed;
    int dash = body.indexOf('-');
    String corePart = dash < 0 ? body : body.substring(0, dash);
    String suffixPart = dash < 0 ? "" : body.substring(dash + 1);
    if (!CORE.matcher(corePart).matches()) {
      return Optional.empty();
    }
    if (dash >= 0 && !SUFFIX.matcher(suffixPart).matches()) {
      return Optional.empty();
    }
    List<Integer> core = new ArrayList<>();
    for (String part : corePart.split("\\.")) {
      core.add(Integer.parseInt(part));
    }
    List<String> suffix = suffixPart.isEmpty() ? List.of() : List.of(suffixPart.split("[.\\-]"));
    return Optional.of(new GkeVersion(trimmed, List.copyOf(core), suffix));
  }

  /** The major.minor pair, for example {@code 1.23}. */
  public String minor() {
    return component(0) + "." + component(1);
  }

  public boolean isAtLeast(GkeVersion other) {
    return compareTo(other) >= 0;
  }

  public boolean isBelow(GkeVersion other) {
    return compareTo(other) < 0;
  }

  private int component(int index) {
    return index < core.size() ? core.get(index) : 0;
  }

  @Override
  public int compareTo(GkeVersion other) {
    int width = Math.max(core.size(), other.core.size());
    for (int i = 0; i < width; i++) {
      int byComponent = Integer.compare(component(i), other.component(i));
      if (byComponent != 0) {
        return byComponent;
      }
    }
    int length = Math.min(suffix.size(), other.suffix.size());
    for (int i = 0; i < length; i++) {
      int byPart = comparePart(suffix.get(i), other.suffix.get(i));
      if (byPart != 0) {
        return byPart;
      }
    }
    return Integer.compare(suffix.size(), other.suffix.size());
  }

  private static int comparePart(String a, String b) {
    boolean aNumber = a.chars().allMatch(Character::isDigit);
    boolean bNumber = b.chars().allMatch(Character::isDigit);
    if (aNumber && bNumber) {
      // Compare as numbers of any length without overflow: longer (without leading zeros) is
      // larger.
      String x = a.replaceFirst("^0+(?=.)", "");
      String y = b.replaceFirst("^0+(?=.)", "");
      return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
    if (aNumber != bNumber) {
      return aNumber ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GkeVersion other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    List<Integer> trimmed = new ArrayList<>(core);
    while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1) == 0) {
      trimmed.remove(trimmed.size() - 1);
    }
    return Objects.hash(trimmed, suffix);
  }

  /** The version as it was written. */
  @Override
  public String toString() {
    return text;
  }
}
