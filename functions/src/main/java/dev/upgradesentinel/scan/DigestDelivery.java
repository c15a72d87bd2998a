package dev.upgradesentinel.scan;

import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.delivery.InMemoryNotificationLog;
import dev.upgradesentinel.delivery.NotificationLog;
import dev.upgradesentinel.delivery.OnceSender;
import dev.upgradesentinel.guidance.DigestRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.routing.Recipient;
import dev.upgradesentinel.routing.RoutingTable;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Sink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Sends a scan's results to the sinks as one digest message, never one message per cluster.
 *
 * <p>As with single notifications, a digest goes out when a cluster is blocked or at risk, or a
 * project could not be read; an all-clear scan is posted only with {@code NOTIFY_ON_CLEAR=true}.
 *
 * <p>Each sink's digest of a batch is claimed in the notification log under the scan's id and the
 * batch number before it is sent, as single findings are: a redelivered batch, on any instance,
 * skips the sinks that already took its digest.
 */
public final class DigestDelivery {
  private static final Logger log = Logger.getLogger(DigestDelivery.class.getName());

  private final Language language;
  private final Map<Language, DigestRenderer> renderers = new ConcurrentHashMap<>();
  private final boolean notifyOnClear;
  private final OnceSender sender;

  /** Digests remembered by this instance only, for answers that are never redelivered. */
  public DigestDelivery(Language language, boolean notifyOnClear) {
    this(language, notifyOnClear, new InMemoryNotificationLog(), Clock.systemUTC());
  }

  /**
   * @param language the language of digests that no route gives one, such as a slash command's
   * @param sent the notification log that records which sink took which batch's digest
   */
  public DigestDelivery(
      Language language, boolean notifyOnClear, NotificationLog sent, Clock clock) {
    this.language = Objects.requireNonNull(language, "language == null");
    this.notifyOnClear = notifyOnClear;
    this.sender =
        new OnceSender(
            Objects.requireNonNull(sent, "sent == null"),
            Objects.requireNonNull(clock, "clock == null"));
  }

  /** The digest of a scan, or of one batch of it, in the default language. */
  public Message render(ScanRequest request, ScanResult result) {
    return render(request, result, language);
  }

  private Message render(ScanRequest request, ScanResult result, Language in) {
    TreeMap<String, String> errors = new TreeMap<>();
    result.errors().forEach(e -> errors.put(e.project(), e.message()));
    return renderers
        .computeIfAbsent(in, DigestRenderer::new)
        .render(
            request.scanId(),
            request.batch(),
            batches(request, result),
            result.projects(),
            result.assessments(),
            errors);
  }

  /**
   * How many batches the scan has, as far as this one knows: a scope's batch that handed pages on
   * does not know how many more there are, and the scope's last batch is the count.
   */
  private static int batches(ScanRequest request, ScanResult result) {
    return result
        .inventory()
        .map(read -> read.continues() ? DigestRenderer.MORE_BATCHES_FOLLOW : request.batch())
        .orElse(request.batches());
  }

  /**
   * Sends the digest to every sink, unless there is nothing to report. Every sink is tried, so one
   * failing sink does not keep the digest from the others.
   *
   * @return whether a digest was sent
   * @throws TransientFailureException when a sink failed in a way a retry may fix
   */
  public boolean deliver(ScanRequest request, ScanResult result, List<Sink> sinks) {
    return deliver(request, result, RoutingTable.everySink(sinks, language));
  }

  /**
   * Sends each sink the part of the digest that the routing gives it: the clusters its routes
   * select (the payments team's channel sees the payments clusters), in its route's language. The
   * default route's sinks also get the projects that could not be read, which no route can select.
   * A sink whose part needs no action gets nothing, unless {@code NOTIFY_ON_CLEAR}.
   *
   * @return whether any digest was sent
   * @throws TransientFailureException when a sink failed in a way a retry may fix; the sinks that
   *     took their part are recorded, so a redelivery sends only to the others
   */
  public boolean deliver(ScanRequest request, ScanResult result, RoutingTable routing) {
    String context = "scan=" + request.scanId() + " batch=" + request.batchLabel();
    Map<String, Part> parts = new LinkedHashMap<>();
    for (Recipient recipient : routing.defaultRecipients()) {
      part(parts, recipient).errors = true;
    }
    for (Assessment assessment : result.assessments()) {
      for (Recipient recipient :
          routing.recipientsQuietly(assessment.cluster(), assessment.verdict())) {
        part(parts, recipient).assessments.add(assessment);
      }
    }
    // The scan stands in for a cluster in the log's keys; no cluster is named "scans~-~...".
    ClusterRef scan = new ClusterRef("scans", "-", request.scanId());
    Deadline deadline = Deadline.after(Sink.DEFAULT_SEND_TIME);
    String actionKey = "digest-b" + request.batch();
    Map<String, Message> rendered = new HashMap<>();
    List<OnceSender.Outgoing> outgoing = new ArrayList<>();
    for (Part part : parts.values()) {
      ScanResult share =
          new ScanResult(
              result.scanId(),
              result.generatedAt(),
              result.projects(),
              part.assessments,
              part.errors ? result.errors() : List.of(),
              result.inventory());
      boolean worthSending =
          notifyOnClear
              || !share.errors().isEmpty()
              || share.assessments().stream().anyMatch(a -> a.verdict().needsAction());
      if (!worthSending) {
        continue;
      }
      Sink sink = part.recipient.sink();
      Language in = part.recipient.language();
      // Sinks given the same clusters in the same language share one rendering.
      Message digest =
          rendered.computeIfAbsent(
              in.code()
                  + share.assessments().stream().map(a -> a.ref().toString()).toList()
                  + share.errors().size(),
              key -> render(request, share, in));
      // Keyed like a finding's message, so a sink that can look for an earlier attempt's post can.
      Delivery delivery =
          new Delivery(
              Delivery.Kind.NEW,
              digest,
              Optional.empty(),
              deadline,
              "",
              Optional.empty(),
              request.scanId() + "/" + actionKey);
      outgoing.add(
          new OnceSender.Outgoing(
              sink,
              " clusters=" + share.assessments().size() + " language=" + in.code(),
              earlier -> sink.deliver(delivery.after(earlier))));
    }
    if (outgoing.isEmpty()) {
      log.info("No digest, nothing needs action " + context);
      return false;
    }
    sender.send(scan, actionKey, deadline, outgoing, "digest " + context);
    return true;
  }

  /** One sink's part of a digest. */
  private static final class Part {
    final Recipient recipient;
    final List<Assessment> assessments = new ArrayList<>();
    boolean errors;

    Part(Recipient recipient) {
      this.recipient = recipient;
    }
  }

  private static Part part(Map<String, Part> parts, Recipient recipient) {
    return parts.computeIfAbsent(recipient.sink().name(), name -> new Part(recipient));
  }
}
