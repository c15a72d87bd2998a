package dev.upgradesentinel.guidance;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.GkeVersion;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A fleet's coming dates as an iCalendar file (RFC 5545) to import into a calendar: each cluster's
 * end of support (the day GKE upgrades it anyway), the end of each maintenance exclusion, and the
 * end of a rollback-safe window, the start GKE announces for a node pool's automatic upgrade, one
 * all-day event each. Each event's UID comes from the cluster and what the event is, never from its
 * date, so importing a later file updates the events rather than adding them again.
 */
public final class CalendarRenderer {
  private static final String UID_DOMAIN = "@gke-upgrade-sentinel";

  private final Phrasing p;

  public CalendarRenderer(Language language) {
    this.p = new Phrasing(language);
  }

  /**
   * The calendar of the coming dates of {@code assessments}, as of {@code now}; dates already past
   * are left out.
   */
  public String render(List<Assessment> assessments, Instant now) {
    ICalendar calendar = new ICalendar();
    calendar.setProductId("-//gke-upgrade-sentinel//" + p.t("EN", "KO"));
    calendar.setName(p.t("GKE upgrades", "GKE 업그레이드"));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (Assessment a : assessments) {
      for (NodePoolInfo pool : a.cluster().nodePools()) {
        pool.autoUpgradeStart()
            .filter(start -> !day(start).isBefore(today))
            .ifPresent(
                start ->
                    calendar.addEvent(
                        event(
                            a,
                            "pool-upgrade/" + pool.name(),
                            start,
                            p.t(
                                "GKE upgrades node pool " + pool.name() + " of " + a.ref().name(),
                                a.ref().name() + "의 노드 풀 " + pool.name() + " GKE 업그레이드"),
                            p.t(
                                "GKE announced that the automatic upgrade of node pool "
                                    + pool.name()
                                    + " starts at "
                                    + start
                                    + ".",
                                "GKE가 노드 풀 "
                                    + pool.name()
                                    + "의 자동 업그레이드가 "
                                    + start
                                    + "에 시작된다고 알렸습니다."),
                            now)));
      }
      if (a.upgradeStatus().info().isEmpty()) {
        continue;
      }
      UpgradeInfo info = a.upgradeStatus().info().get();
      String cluster = a.ref().name();
      String minor =
          GkeVersion.tryParse(a.cluster().controlPlaneVersion()).map(GkeVersion::minor).orElse("");
      boolean extended =
          "EXTENDED".equalsIgnoreCase(a.cluster().releaseChannel())
              && info.endOfExtendedSupport().isPresent();
      Optional<Instant> endOfSupport =
          extended ? info.endOfExtendedSupport() : info.endOfStandardSupport();
      if (endOfSupport.isPresent() && !day(endOfSupport.get()).isBefore(today)) {
        String kind = extended ? p.t("extended", "연장") : p.t("standard", "표준");
        calendar.addEvent(
            event(
                a,
                "end-of-support/" + minor,
                endOfSupport.get(),
                p.t(
                    "GKE upgrades " + cluster + " anyway: end of " + kind + " support for " + minor,
                    cluster + ": " + minor + " " + kind + " 지원 종료, GKE가 어차피 업그레이드"),
                p.t(
                    "GKE ends "
                        + kind
                        + " support for "
                        + minor
                        + " that day and upgrades the cluster to a supported minor, past the"
                        + " pauses that hold it.",
                    "그날 GKE의 "
                        + minor
                        + " "
                        + kind
                        + " 지원이 종료되며, GKE는 일시중지와 관계없이 클러스터를 지원되는 부 버전으로 업그레이드합니다."),
                now));
      }
      for (Hold hold : a.upgradeStatus().holds()) {
        if (!hold.kind().equals("MAINTENANCE_EXCLUSION")
            || hold.name().isEmpty()
            || hold.until().isEmpty()
            || day(hold.until().get()).isBefore(today)) {
          continue;
        }
        String name = UntrustedText.defanged(hold.name().get());
        calendar.addEvent(
            event(
                a,
                "exclusion/" + hold.name().get(),
                hold.until().get(),
                p.t(
                    "Maintenance exclusion " + name + " of " + cluster + " ends",
                    cluster + "의 유지보수 제외 " + name + " 종료"),
                p.t(
                    "The exclusion ("
                        + hold.scope().orElse("")
                        + ") ends at "
                        + hold.until().get()
                        + "; GKE may upgrade the cluster again from then.",
                    "유지보수 제외("
                        + hold.scope().orElse("")
                        + ")가 "
                        + hold.until().get()
                        + "에 끝나며, 그 후 GKE가 클러스터를 다시 업그레이드할 수 있습니다."),
                now));
      }
      info.rollbackSafeUntil()
          .filter(until -> !day(until).isBefore(today))
          .ifPresent(
              until ->
                  calendar.addEvent(
                      event(
                          a,
                          "rollback-window",
                          until,
                          p.t(
                              "Rollback-safe window of " + cluster + " ends",
                              cluster + "의 롤백 안전 기간 종료"),
                          p.t(
                              "Until "
                                  + until
                                  + " the control plane can go back to its earlier minor:"
                                  + " complete the upgrade or roll it back before then.",
                              until
                                  + "까지 컨트롤 플레인을 이전 부 버전으로 되돌릴 수 있습니다. 그 전에 업그레이드를 완료하거나"
                                  + " 되돌리세요."),
                          now)));
    }
    return Biweekly.write(calendar).go();
  }

  /** One all-day event of the cluster on the day of {@code at}, in UTC. */
  private VEvent event(
      Assessment a, String what, Instant at, String summary, String description, Instant now) {
    ClusterRef ref = a.ref();
    String resource =
        "projects/" + ref.project() + "/locations/" + ref.location() + "/clusters/" + ref.name();
    VEvent event = new VEvent();
    event.setUid(uid(resource + "\n" + what));
    event.setDateTimeStamp(Date.from(now));
    LocalDate day = day(at);
    // biweekly writes a date without a time in the JVM's time zone: the day starts there.
    event.setDateStart(startOf(day), false);
    event.setDateEnd(startOf(day.plusDays(1)), false);
    event.setSummary(summary);
    event.setDescription(description + "\n" + resource);
    event.setUrl(a.consoleUrl());
    return event;
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static Date startOf(LocalDate day) {
    return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
  }

  /** A UID from what the event is about: the cluster and the kind of date, never the date. */
  static String uid(String about) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(about.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 32) + UID_DOMAIN;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
