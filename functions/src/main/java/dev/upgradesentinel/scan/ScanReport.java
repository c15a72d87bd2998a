package dev.upgradesentinel.scan;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.guidance.CalendarRenderer;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.InsightsRead;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import dev.upgradesentinel.sinks.AssessmentJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a scan result as the HTTP check's report: JSON in the documented shape, or an aligned
 * plain-text table for people reading a terminal.
 */
public final class ScanReport {
  private final GuidanceRenderer guidance;

  /**
   * @param guidance words each cluster's reason in the configured language
   */
  public ScanReport(GuidanceRenderer guidance) {
    this.guidance = Objects.requireNonNull(guidance, "guidance == null");
  }

  /**
   * The report as JSON: generatedAt, summary, clusters (most urgent first), errors, and for a scope
   * read from Cloud Asset Inventory, the inventory read.
   */
  public JsonObject json(ScanResult result) {
    JsonObject json = new JsonObject();
    json.addProperty("generatedAt", timestamp(result));
    JsonObject summary = new JsonObject();
    summary.addProperty("clusters", result.assessments().size());
    summary.addProperty("blocked", result.count(Verdict.BLOCKED));
    summary.addProperty("atRisk", result.count(Verdict.AT_RISK));
    summary.addProperty("clear", result.count(Verdict.CLEAR));
    summary.addProperty("notApplicable", result.count(Verdict.NOT_APPLICABLE));
    summary.addProperty("errors", result.errors().size());
    // For how many clusters GKE was asked, and how many statuses were derived from those answers.
    JsonObject statuses = new JsonObject();
    statuses.addProperty("read", statusCount(result, "read"));
    statuses.addProperty("derived", statusCount(result, "derived"));
    statuses.addProperty("notRead", statusCount(result, "notRead"));
    summary.add("upgradeStatus", statuses);
    json.add("summary", summary);
    JsonArray clusters = new JsonArray();
    result.assessments().forEach(a -> clusters.add(cluster(a)));
    json.add("clusters", clusters);
    JsonArray errors = new JsonArray();
    for (ScanError error : result.errors()) {
      JsonObject e = new JsonObject();
      e.addProperty("project", error.project());
      e.addProperty("message", error.message());
      errors.add(e);
    }
    json.add("errors", errors);
    result
        .inventory()
        .ifPresent(
            read -> {
              // The index lags the live clusters; the report says which moment it shows.
              JsonObject inventory = new JsonObject();
              inventory.addProperty("scope", read.scope());
              inventory.addProperty(
                  "readTime", read.readTime().truncatedTo(ChronoUnit.SECONDS).toString());
              inventory.addProperty("pages", read.pages());
              // False when later batches read the rest of the scope, each with its own digest.
              inventory.addProperty("complete", !read.continues());
              json.add("inventory", inventory);
            });
    return json;
  }

  /**
   * The JSON report as text: {@code autoprovisioning} stays as null, HTML characters as written.
   */
  public String jsonText(ScanResult result) {
    return new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(json(result));
  }

  /**
   * The report as an aligned table: one row per cluster, then one line per project that could not
   * be read, then the summary.
   */
  public String table(ScanResult result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "PROJECT",
          "LOCATION",
          "CLUSTER",
          "VERDICT",
          "CONTROL_PLANE",
          "OTHER_BLOCKERS",
          "GKE_STATUS",
          "NEXT_DATE",
          "DOCKER_IMAGES"
        });
    for (Assessment a : result.assessments()) {
      rows.add(
          new String[] {
            a.ref().project(),
            a.ref().location(),
            a.ref().name(),
            a.verdict().name(),
            a.cluster().controlPlaneVersion().isEmpty() ? "-" : a.cluster().controlPlaneVersion(),
            otherBlockers(a),
            gkeStatus(a.upgradeStatus()),
            nextDate(a, result.generatedAt()),
            dockerImages(a)
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    for (ScanError error : result.errors()) {
      text.append("ERROR ")
          .append(error.project())
          .append(": ")
          .append(error.message())
          .append('\n');
    }
    text.append(
        String.format(
            "%d clusters: %d blocked, %d at risk, %d clear, %d not applicable; %d errors; GKE's"
                + " status %d read, %d derived (*), %d not read; generated %s%n",
            result.assessments().size(),
            result.count(Verdict.BLOCKED),
            result.count(Verdict.AT_RISK),
            result.count(Verdict.CLEAR),
            result.count(Verdict.NOT_APPLICABLE),
            result.errors().size(),
            statusCount(result, "read"),
            statusCount(result, "derived"),
            statusCount(result, "notRead"),
            timestamp(result)));
    result
        .inventory()
        .ifPresent(
            read ->
                text.append(
                    String.format(
                        "read from Cloud Asset Inventory: %s as of %s (%d page%s%s); a cluster"
                            + " changed since may show its earlier state%n",
                        read.scope(),
                        read.readTime().truncatedTo(ChronoUnit.SECONDS),
                        read.pages(),
                        read.pages() == 1 ? "" : "s",
                        read.continues() ? ", the rest in later batches" : "")));
    return text.toString();
  }

  /**
   * The scan's coming dates as an iCalendar file: ends of support, ends of exclusions, ends of
   * rollback-safe windows, one event each with a UID that a later file keeps.
   */
  public String calendar(ScanResult result) {
    return new CalendarRenderer(guidance.language())
        .render(result.assessments(), result.generatedAt());
  }

  private static long statusCount(ScanResult result, String kind) {
    return result.assessments().stream()
        .map(Assessment::upgradeStatus)
        .filter(
            status ->
                switch (kind) {
                  case "read" -> status.read();
                  case "derived" -> status.derivedFrom().isPresent();
                  default -> status.info().isEmpty();
                })
        .count();
  }

  /** GKE's status in a word, {@code *} when derived, {@code -} when not read. */
  private static String gkeStatus(UpgradeStatus status) {
    if (status.info().isEmpty()) {
      return "-";
    }
    List<String> words = new ArrayList<>();
    for (String value : status.info().get().autoUpgradeStatus()) {
      words.add(
          switch (value) {
            case "MINOR_UPGRADE_PAUSED" -> "MINOR_PAUSED";
            case "UPGRADE_PAUSED" -> "PAUSED";
            default -> value;
          });
    }
    return (words.isEmpty() ? "?" : String.join(",", words))
        + (status.derivedFrom().isPresent() ? "*" : "");
  }

  /**
   * The nearest coming date of GKE's answer and the holds: the end of support (extended on the
   * Extended channel), an exclusion's end, the next window, the budget's next upgrade; and the
   * start GKE announced for a node pool's automatic upgrade, which the cluster itself carries.
   */
  private static String nextDate(Assessment a, Instant now) {
    UpgradeStatus status = a.upgradeStatus();
    TreeMap<Instant, String> dates = new TreeMap<>();
    for (NodePoolInfo pool : a.cluster().nodePools()) {
      pool.autoUpgradeStart().ifPresent(t -> dates.putIfAbsent(t, "pool upgrade"));
    }
    if (status.info().isEmpty()) {
      return nearest(dates, now);
    }
    UpgradeInfo info = status.info().get();
    boolean extended = "EXTENDED".equalsIgnoreCase(a.cluster().releaseChannel());
    (extended
            ? info.endOfExtendedSupport().or(info::endOfStandardSupport)
            : info.endOfStandardSupport())
        .ifPresent(t -> dates.put(t, "end of support"));
    for (Hold hold : status.holds()) {
      String what =
          switch (hold.kind()) {
            case "MAINTENANCE_EXCLUSION" -> "exclusion ends";
            case "MAINTENANCE_WINDOW" -> "window opens";
            case "DISRUPTION_BUDGET" -> "budget allows";
            default -> hold.kind();
          };
      hold.until().ifPresent(t -> dates.putIfAbsent(t, what));
    }
    return nearest(dates, now);
  }

  private static String nearest(TreeMap<Instant, String> dates, Instant now) {
    return Optional.ofNullable(dates.ceilingEntry(now))
        .map(
            e ->
                LocalDate.ofInstant(e.getKey(), ZoneOffset.UTC)
                    + " "
                    + e.getValue().replace(' ', '_'))
        .orElse("-");
  }

  private JsonObject cluster(Assessment a) {
    JsonObject json = new JsonObject();
    json.addProperty("project", a.ref().project());
    json.addProperty("location", a.ref().location());
    json.addProperty("name", a.ref().name());
    json.addProperty("verdict", a.verdict().name());
    json.addProperty("reason", guidance.reason(a));
    json.addProperty("controlPlaneVersion", a.cluster().controlPlaneVersion());
    json.addProperty("consoleUrl", a.consoleUrl());
    json.add("dockerNodePools", AssessmentJson.dockerNodePools(a));
    json.add("autoprovisioning", AssessmentJson.autoprovisioning(a));
    json.add("blockers", AssessmentJson.blockers(a, guidance::summary));
    json.add("insights", AssessmentJson.insights(a));
    json.add("upgradeStatus", AssessmentJson.upgradeStatus(a.upgradeStatus()));
    return json;
  }

  /**
   * The blockers beyond Docker's, by kind and, for insights, by subtype ({@code
   * WINDOWS_CONTAINERD_2, DEPRECATION_K8S_1_32_API}), then {@code insights-not-read} when they
   * could not be read; "-" when there is nothing to say.
   */
  static String otherBlockers(Assessment a) {
    List<String> parts = new ArrayList<>();
    for (Blocker blocker : a.blockers()) {
      if (blocker instanceof Blocker.DockerImages) {
        continue; // the DOCKER_IMAGES column has it
      }
      parts.add(
          blocker instanceof Blocker.DeprecatedFeature feature
              ? feature.insight().subtype()
              : blocker.kind().name());
    }
    if (a.insights().status() == InsightsRead.Status.UNAVAILABLE) {
      parts.add("insights-not-read");
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  /** {@code pool:COS→COS_CONTAINERD, nap:COS→COS_CONTAINERD}, or "-" when there are none. */
  static String dockerImages(Assessment a) {
    Optional<Blocker.DockerImages> docker = a.blocker(Blocker.DockerImages.class);
    if (docker.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    for (PoolPlan p : docker.get().pools()) {
      parts.add(p.name() + ":" + p.imageType() + "→" + p.replacementImageType());
    }
    docker
        .get()
        .autoprovisioningPlan()
        .ifPresent(n -> parts.add("nap:" + n.imageType() + "→" + n.replacementImageType()));
    return String.join(", ", parts);
  }

  private static String timestamp(ScanResult result) {
    return DateTimeFormatter.ISO_INSTANT.format(
        result.generatedAt().truncatedTo(ChronoUnit.SECONDS));
  }
}
