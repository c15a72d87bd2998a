package dev.upgradesentinel.pipeline;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.delivery.ClusterRecord;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.OnceSender;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.routing.Router;
import dev.upgradesentinel.routing.Subject;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Sends the messages that are not a finding's own (a drain, a bulletin whose patch needs someone, a
 * step of an upgrade): once per sink routed for them, in each route's language, keyed so that GKE
 * repeating an event posts nothing more. Where the cluster has an open finding, a notice can follow
 * it up in its thread.
 */
final class Notices {
  private static final Logger log = Logger.getLogger(Notices.class.getName());

  /**
   * One notice.
   *
   * @param route the verdict it is routed by
   * @param subject what it is about, which routes can match by kind
   * @param key its send key, unique within the cluster and the same however often GKE repeats the
   *     event
   * @param render renders it in a renderer's language
   * @param what what it is about, in a few words, for log lines
   */
  record Notice(
      Verdict route,
      Subject subject,
      String key,
      Function<GuidanceRenderer, Message> render,
      String what) {
    Notice {
      Objects.requireNonNull(route, "route == null");
      Objects.requireNonNull(subject, "subject == null");
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(render, "render == null");
      Objects.requireNonNull(what, "what == null");
    }
  }

  private final Router router;
  private final Function<Language, GuidanceRenderer> renderers;
  private final NotificationLog notificationLog;
  private final OnceSender sender;

  Notices(
      Router router,
      Function<Language, GuidanceRenderer> renderers,
      NotificationLog notificationLog,
      OnceSender sender) {
    this.router = Objects.requireNonNull(router, "router == null");
    this.renderers = Objects.requireNonNull(renderers, "renderers == null");
    this.notificationLog = Objects.requireNonNull(notificationLog, "notificationLog == null");
    this.sender = Objects.requireNonNull(sender, "sender == null");
  }

  /** Sends a notice as a message of its own, apart from the cluster's finding. */
  void send(Assessment assessment, Notice notice, String context, Deadline deadline) {
    send(assessment, notice, null, false, context, deadline);
  }

  /**
   * Sends a notice in the thread of the cluster's open finding where a sink has one: a reply in its
   * Slack thread, a comment on its ticket ({@link Delivery.Kind#FOLLOW_UP}).
   *
   * @param finding the cluster's record, or {@code null}; only an open finding is followed up
   * @param threadOnly whether a sink that has no message of the open finding to follow up gets
   *     nothing rather than a notice of its own
   */
  void send(
      Assessment assessment,
      Notice notice,
      ClusterRecord finding,
      boolean threadOnly,
      String context,
      Deadline deadline) {
    List<Recipient> recipients =
        router.recipients(assessment.cluster(), notice.route(), notice.subject());
    if (recipients.isEmpty()) {
      log.info("No sink is routed this " + notice.what() + ": " + context);
      return;
    }
    boolean open = finding != null && finding.open() && !finding.threadKey().isEmpty();
    Map<Language, Message> messages = new EnumMap<>(Language.class);
    List<OnceSender.Outgoing> outgoing = new ArrayList<>();
    for (Recipient recipient : recipients) {
      Sink sink = recipient.sink();
      Optional<Receipt> original =
          open
              ? notificationLog
                  .receipt(finding.cluster(), finding.threadKey(), sink.name(), deadline)
                  .filter(Receipt::isAddressable)
              : Optional.empty();
      if (threadOnly && original.isEmpty()) {
        continue;
      }
      Message message =
          messages.computeIfAbsent(
              recipient.language(), language -> notice.render().apply(renderers.apply(language)));
      Delivery delivery =
          new Delivery(
              original.isPresent() ? Delivery.Kind.FOLLOW_UP : Delivery.Kind.NOTICE,
              message,
              original,
              deadline,
              original.isPresent() ? finding.findingId() : "",
              Optional.of(assessment),
              ClusterRecord.key(assessment.ref()) + "/" + notice.key());
      outgoing.add(
          new OnceSender.Outgoing(
              sink,
              " language=" + recipient.language().code(),
              earlier -> sink.deliver(delivery.after(earlier))));
    }
    if (outgoing.isEmpty()) {
      log.info("No sink has the open finding's thread for this " + notice.what() + ": " + context);
      return;
    }
    sender.send(
        assessment.ref(),
        notice.key(),
        deadline,
        outgoing,
        "action=" + notice.key() + " kind=NOTICE subject=" + notice.subject() + " " + context);
  }

  /** A short, stable hash of a notice's identity, for its key. */
  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
