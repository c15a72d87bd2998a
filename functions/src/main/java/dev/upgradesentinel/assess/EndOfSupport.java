package dev.upgradesentinel.assess;

import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.GkeEvent;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day GKE upgrades a cluster off its minor whatever holds it: the end of standard support, or
 * of extended support on the Extended channel, as an {@code END_OF_SUPPORT} notification says.
 *
 * @param minor the minor whose support ends, such as {@code 1.31}
 * @param date the day, in UTC
 * @param extended whether it is the end of extended support
 */
public record EndOfSupport(String minor, LocalDate date, boolean extended) {
  private static final Pattern KEY = Pattern.compile("([0-9]+\\.[0-9]+)@([0-9-]{10})(/extended)?");

  public EndOfSupport {
    Objects.requireNonNull(minor, "minor == null");
    Objects.requireNonNull(date, "date == null");
  }

  /**
   * The end of support an {@code END_OF_SUPPORT} event announces for the cluster's minor; empty for
   * any other event, one whose date does not parse, or one about a minor no part of the cluster
   * runs any more (a late or replayed notification).
   */
  public static Optional<EndOfSupport> of(ClusterInfo cluster, GkeEvent trigger) {
    if (!(trigger instanceof GkeEvent.UpgradeInfo info)
        || !GkeEvent.UpgradeInfo.END_OF_SUPPORT.equals(info.eventType())) {
      return Optional.empty();
    }
    boolean extendedChannel = "EXTENDED".equals(cluster.releaseChannel().toUpperCase(Locale.ROOT));
    boolean extended = extendedChannel && !info.extendedSupportEndTime().isBlank();
    String when = extended ? info.extendedSupportEndTime() : info.standardSupportEndTime();
    Optional<GkeVersion> version =
        GkeVersion.tryParse(info.currentVersion())
            .or(() -> GkeVersion.tryParse(cluster.controlPlaneVersion()));
    if (version.isEmpty() || when.isBlank()) {
      return Optional.empty();
    }
    try {
      LocalDate date = OffsetDateTime.parse(when).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
      return Optional.of(new EndOfSupport(version.get().minor(), date, extended))
          .filter(eos -> eos.appliesTo(cluster));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** How the notification log keeps it: {@code 1.31@2027-02-15}, with {@code /extended}. */
  public String key() {
    return minor + "@" + date + (extended ? "/extended" : "");
  }

  /** Reads a {@link #key()}; empty for an empty or unreadable one. */
  public static Optional<EndOfSupport> parse(String key) {
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new EndOfSupport(m.group(1), LocalDate.parse(m.group(2)), m.group(3) != null));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether it still applies to the cluster: its control plane or one of its node pools still runs
   * the minor.
   */
  public boolean appliesTo(ClusterInfo cluster) {
    if (runs(cluster.controlPlaneVersion())) {
      return true;
    }
    return cluster.nodePools().stream().anyMatch(pool -> runs(pool.version()));
  }

  private boolean runs(String version) {
    return GkeVersion.tryParse(version).map(v -> v.minor().equals(minor)).orElse(false);
  }
}
