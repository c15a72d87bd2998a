package dev.upgradesentinel.guidance;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.google.gson.JsonParser;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Assessor;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.gke.UpgradeJson;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.Hold;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.model.UpgradeInfo;
import dev.upgradesentinel.model.UpgradeStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fleet's coming dates as iCalendar: read back by biweekly, which wrote it, and by Python's
 * icalendar reader; a later file keeps every UID, so a re-import updates rather than duplicates.
 */
class CalendarRendererTest {
  private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

  private static Assessment cluster(
      String name, String endOfSupport, String exclusionEnd, String rollbackUntil) {
    ClusterInfo cluster =
        new ClusterInfo(
            new ClusterRef("shop-prod", "us-central1", name),
            false,
            "1.33.5-gke.1308000",
            "REGULAR",
            List.of(new NodePoolInfo("default-pool", "COS_CONTAINERD", "1.33.5-gke.1308000", 3)),
            false,
            "",
            Map.of());
    String rollback =
        rollbackUntil.isEmpty()
            ? ""
            : ",\"rollbackSafeUpgradeStatus\":{\"mode\":\"KCP_MINOR_UPGRADE_ROLLBACK_SAFE_MODE\","
                + "\"controlPlaneUpgradeRollbackEndTime\":\""
                + rollbackUntil
                + "\",\"previousVersion\":\"1.32.9-gke.1308000\"}";
    UpgradeInfo info =
        UpgradeJson.upgradeInfo(
            JsonParser.parseString(
                    "{\"autoUpgradeStatus\":[\"UPGRADE_PAUSED\"],"
                        + "\"endOfStandardSupportTimestamp\":\""
                        + endOfSupport
                        + "\""
                        + rollback
                        + "}")
                .getAsJsonObject());
    Hold exclusion =
        new Hold(
            "MAINTENANCE_EXCLUSION",
            "MAINTENANCE_EXCLUSION_NO_UPGRADES",
            Optional.of("year-end, freeze; \"see https://evil.example\""),
            Optional.of("NO_UPGRADES"),
            Optional.of(Instant.parse(exclusionEnd)),
            false);
    return new Assessor()
        .assess(cluster)
        .withUpgradeStatus(UpgradeStatus.read(info, List.of(exclusion)));
  }

  private static List<VEvent> events(String text) {
    ICalendar calendar = Biweekly.parse(text).first();
    assertThat(calendar).isNotNull();
    return calendar.getEvents();
  }

  private static List<String> uids(List<VEvent> events) {
    return events.stream().map(e -> e.getUid().getValue()).sorted().toList();
  }

  @Test
  void render_eachComingDateIsOneAllDayEvent_andPastDatesAreLeftOut() {
    String text =
        new CalendarRenderer(Language.EN)
            .render(
                List.of(
                    cluster(
                        "api",
                        "2027-02-20T00:00:00Z",
                        "2026-12-31T00:00:00Z",
                        "2026-12-09T15:00:00Z"),
                    cluster("old", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "")),
                NOW);

    List<VEvent> events = events(text);
    assertThat(events.stream().map(e -> e.getSummary().getValue()).sorted().toList())
        .containsExactly(
            "GKE upgrades api anyway: end of standard support for 1.33",
            "Maintenance exclusion year-end, freeze; \"see hxxps[:]//evil[.]example\" of api ends",
            "Rollback-safe window of api ends");
    VEvent endOfSupport =
        events.stream()
            .filter(e -> e.getSummary().getValue().startsWith("GKE upgrades"))
            .findFirst()
            .orElseThrow();
    assertThat(endOfSupport.getDateStart().getValue().hasTime()).isFalse();
    assertThat(text).contains("DTSTART;VALUE=DATE:20270220");
    assertThat(text).contains("DTEND;VALUE=DATE:20270221");
    assertThat(endOfSupport.getUrl().getValue())
        .isEqualTo(
            "https://console.cloud.google.com/kubernetes/clusters/details/us-central1/api/details?project=shop-prod");
    assertThat(text).startsWith("BEGIN:VCALENDAR\r\n");
    assertThat(text).contains("PRODID:-//gke-upgrade-sentinel//EN");
  }

  @Test
  void aPoolUpgradeGkeAnnounced_isAnEventOnItsDay_andOneAlreadyStartedIsLeftOut() {
    Assessment base = cluster("api", "2027-02-20T00:00:00Z", "2026-12-31T00:00:00Z", "");
    ClusterInfo c = base.cluster();
    List<NodePoolInfo> pools =
        List.of(
            new NodePoolInfo(
                "web",
                "COS_CONTAINERD",
                "1.33.5-gke.1308000",
                3,
                false,
                Optional.empty(),
                "e2-standard-4",
                Optional.empty(),
                Optional.of(Instant.parse("2026-12-10T02:00:00Z"))),
            new NodePoolInfo(
                "batch",
                "COS_CONTAINERD",
                "1.33.5-gke.1308000",
                3,
                false,
                Optional.empty(),
                "e2-standard-4",
                Optional.empty(),
                Optional.of(Instant.parse("2026-12-01T02:00:00Z"))));
    Assessment announced =
        new Assessment(
                new ClusterInfo(
                    c.ref(),
                    false,
                    c.controlPlaneVersion(),
                    c.releaseChannel(),
                    pools,
                    false,
                    "",
                    Map.of()),
                base.verdict(),
                null,
                base.blockers())
            .withUpgradeStatus(base.upgradeStatus());

    String text = new CalendarRenderer(Language.EN).render(List.of(announced), NOW);

    List<String> summaries =
        events(text).stream().map(e -> e.getSummary().getValue()).sorted().toList();
    assertThat(summaries).contains("GKE upgrades node pool web of api");
    assertThat(summaries).doesNotContain("GKE upgrades node pool batch of api");
    assertThat(text).contains("DTSTART;VALUE=DATE:20261210");
  }

  @Test
  void aLaterFileWithMovedDates_keepsEveryUid() {
    CalendarRenderer renderer = new CalendarRenderer(Language.EN);
    String first =
        renderer.render(
            List.of(cluster("api", "2027-02-20T00:00:00Z", "2026-12-31T00:00:00Z", "")), NOW);
    String later =
        renderer.render(
            List.of(cluster("api", "2027-02-27T00:00:00Z", "2027-01-15T00:00:00Z", "")),
            NOW.plusSeconds(86_400));

    assertThat(uids(events(later))).isEqualTo(uids(events(first)));
    assertThat(uids(events(first))).hasSize(2);
    assertThat(later).contains("DTSTART;VALUE=DATE:20270227");
  }

  @Test
  void inKorean_theEventsAreWordedInKorean() {
    String text =
        new CalendarRenderer(Language.KO)
            .render(
                List.of(cluster("api", "2027-02-20T00:00:00Z", "2026-12-31T00:00:00Z", "")), NOW);

    assertThat(events(text).stream().map(e -> e.getSummary().getValue()).sorted().toList())
        .contains("api: 1.33 표준 지원 종료, GKE가 어차피 업그레이드");
  }

  @Test
  void pythonsIcalendarReader_readsTheSameEventsAndUids() throws Exception {
    String text =
        new CalendarRenderer(Language.KO)
            .render(
                List.of(
                    cluster(
                        "api",
                        "2027-02-20T00:00:00Z",
                        "2026-12-31T00:00:00Z",
                        "2026-12-09T15:00:00Z"),
                    cluster("web", "2027-02-20T00:00:00Z", "2027-01-10T00:00:00Z", "")),
                NOW);
    String script =
        "import sys, icalendar\n"
            + "cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\n"
            + "events = [c for c in cal.walk('VEVENT')]\n"
            + "for e in sorted(events, key=lambda e: str(e['UID'])):\n"
            + "    print(str(e['UID']), e.decoded('DTSTART').isoformat())\n";

    List<String> lines = python(script, text);

    List<VEvent> events = events(text);
    assertThat(lines).hasSize(events.size());
    assertThat(lines.stream().map(line -> line.split(" ")[0]).toList()).isEqualTo(uids(events));
    assertThat(lines)
        .contains(
            CalendarRenderer.uid(
                    "projects/shop-prod/locations/us-central1/clusters/api\nrollback-window")
                + " 2026-12-09");
  }

  /**
   * Runs {@code script} with a Python 3 that has the icalendar module: Debian's python3-icalendar
   * installs it for /usr/bin/python3, which may not be the first python3 on the PATH.
   */
  private static List<String> python(String script, String input) throws Exception {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      Process probe;
      try {
        probe =
            new ProcessBuilder(python, "-c", "import icalendar").redirectErrorStream(true).start();
      } catch (IOException e) {
        continue;
      }
      if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        continue;
      }
      Process run = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
      run.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      run.getOutputStream().close();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(run.exitValue()).isEqualTo(0);
      return output.lines().toList();
    }
    return fail(
        "No python3 with the icalendar module: install it with apt-get install python3-icalendar"
            + " (as .ci/run does)");
  }
}
