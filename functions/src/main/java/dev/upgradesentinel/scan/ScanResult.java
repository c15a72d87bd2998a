package dev.upgradesentinel.scan;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one scan found: every cluster's assessment, most urgent first, and the projects that could
 * not be read.
 *
 * @param scanId the scan's id
 * @param generatedAt when the scan finished
 * @param projects how many projects were scanned
 * @param assessments sorted blocked first, then at risk, clear, not applicable; then by project,
 *     location and name, so reports and digests are stable
 * @param errors sorted by project
 * @param inventory when the clusters came from Cloud Asset Inventory: the scope and when the index
 *     was read
 */
public record ScanResult(
    String scanId,
    Instant generatedAt,
    int projects,
    List<Assessment> assessments,
    List<ScanError> errors,
    Optional<Inventory> inventory) {

  /**
   * The Cloud Asset Inventory read a scan's clusters came from.
   *
   * @param scope the organization, folder or project read
   * @param readTime the moment of the index the clusters reflect (the first page's): the live
   *     clusters may have changed since
   * @param pages how many pages were read
   * @param nextPageToken where the scope's next batch starts, when this batch ended before the
   *     scope's last page; empty when the scope was read to its end
   */
  public record Inventory(String scope, Instant readTime, int pages, String nextPageToken) {
    public Inventory {
      Objects.requireNonNull(scope, "scope == null");
      Objects.requireNonNull(readTime, "readTime == null");
      Objects.requireNonNull(nextPageToken, "nextPageToken == null");
    }

    /** A scope read to its end. */
    public Inventory(String scope, Instant readTime, int pages) {
      this(scope, readTime, pages, "");
    }

    /** Whether pages of the scope are left for a later batch. */
    public boolean continues() {
      return !nextPageToken.isEmpty();
    }
  }

  /** A result read from the GKE API, project by project. */
  public ScanResult(
      String scanId,
      Instant generatedAt,
      int projects,
      List<Assessment> assessments,
      List<ScanError> errors) {
    this(scanId, generatedAt, projects, assessments, errors, Optional.empty());
  }

  /** The order reports list clusters in: what needs action first. */
  static final Comparator<Assessment> URGENCY =
      Comparator.comparingInt((Assessment a) -> rank(a.verdict()))
          .thenComparing(a -> a.ref().project())
          .thenComparing(a -> a.ref().location())
          .thenComparing(a -> a.ref().name());

  public ScanResult {
    Objects.requireNonNull(scanId, "scanId == null");
    Objects.requireNonNull(generatedAt, "generatedAt == null");
    Objects.requireNonNull(inventory, "inventory == null");
    assessments =
        Objects.requireNonNull(assessments, "assessments == null").stream()
            .sorted(URGENCY)
            .toList();
    errors =
        Objects.requireNonNull(errors, "errors == null").stream()
            .sorted(Comparator.comparing(ScanError::project))
            .toList();
  }

  /** The same result with one more error, such as a scope that was not read to its end. */
  public ScanResult withError(ScanError error) {
    List<ScanError> more = new ArrayList<>(errors);
    more.add(error);
    return new ScanResult(scanId, generatedAt, projects, assessments, more, inventory);
  }

  /** How many clusters got the verdict. */
  public int count(Verdict verdict) {
    return (int) assessments.stream().filter(a -> a.verdict() == verdict).count();
  }

  private static int rank(Verdict verdict) {
    return switch (verdict) {
      case BLOCKED -> 0;
      case AT_RISK -> 1;
      case CLEAR -> 2;
      case NOT_APPLICABLE -> 3;
    };
  }
}
