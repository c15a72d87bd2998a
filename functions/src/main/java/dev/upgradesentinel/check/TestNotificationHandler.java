package dev.upgradesentinel.check;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.upgradesentinel.assess.Assessment;
import dev.upgradesentinel.assess.Blocker;
import dev.upgradesentinel.assess.Cause;
import dev.upgradesentinel.assess.PoolPlan;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.ConfigException;
import dev.upgradesentinel.base.Deadline;
import dev.upgradesentinel.base.TransientFailureException;
import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.GuidanceRenderer;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import dev.upgradesentinel.model.ClusterInfo;
import dev.upgradesentinel.model.ClusterRef;
import dev.upgradesentinel.model.NodePoolInfo;
import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Receipt;
import dev.upgradesentinel.sinks.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Answers {@code POST /test-notification?sink=NAME}: sends a clearly marked sample finding to one
 * configured sink, outside the notification log, and reports what the sink answered, so whoever
 * sets up a receiver can see it work (or why not) without waiting for a real finding.
 *
 * <p>Status codes: 200 with the sink's receipt ({@code DELIVERED}, or {@code REFUSED} when the
 * service turned the message down for good; the function's log holds its answer); 400 no {@code
 * sink} parameter, or the sinks cannot be built (a variable the routing config names is unset); 404
 * no sink by that name; 405 another method than POST; 502 the sink failed in a way a retry may fix
 * (5xx, 429, timeout).
 */
public final class TestNotificationHandler {
  private static final Logger log = Logger.getLogger(TestNotificationHandler.class.getName());

  /** The request path this handler answers. */
  public static final String PATH = "/test-notification";

  /** What the sample's title and first paragraph say, so nobody acts on it. */
  public static final String MARK =
      "TEST — sample finding from GKE Upgrade Sentinel, no action needed";

  /** A fixed finding id: repeated tests thread under, or update, the same sample. */
  static final String FINDING_ID = "gus-0000000000007e57";

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final Supplier<Map<String, Sink>> sinks;
  private final GuidanceRenderer renderer;

  /**
   * @param sinks every configured sink by name, built on first use; throws {@link ConfigException}
   *     when they cannot be
   * @param renderer renders the sample, in {@code MESSAGE_LANGUAGE}
   */
  public TestNotificationHandler(Supplier<Map<String, Sink>> sinks, GuidanceRenderer renderer) {
    this.sinks = Objects.requireNonNull(sinks, "sinks == null");
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
  }

  public CheckResponse handle(String method, Map<String, List<String>> query) {
    if (!method.equals("POST")) {
      return new CheckResponse(
          405, CheckResponse.JSON, "{\"error\":\"use POST\"}", Map.of("Allow", "POST"));
    }
    List<String> names = query.getOrDefault("sink", List.of());
    if (names.size() != 1 || names.get(0).isBlank()) {
      return CheckResponse.error(400, "name one sink: POST " + PATH + "?sink=NAME");
    }
    String name = names.get(0);
    Map<String, Sink> configured;
    try {
      configured = sinks.get();
    } catch (ConfigException e) {
      return CheckResponse.error(400, "the sinks cannot be built: " + e.getMessage());
    }
    Sink sink = configured.get(name);
    if (sink == null) {
      JsonObject json = new JsonObject();
      json.addProperty("error", "no sink named '" + name + "'");
      JsonArray known = new JsonArray();
      configured.keySet().forEach(known::add);
      json.add("sinks", known);
      return CheckResponse.json(404, json);
    }
    Assessment sample = sample();
    Delivery delivery =
        new Delivery(
            Delivery.Kind.NEW,
            marked(renderer.render(sample), name),
            Optional.empty(),
            Deadline.after(DEADLINE),
            FINDING_ID,
            Optional.of(sample));
    JsonObject json = new JsonObject();
    json.addProperty("sink", name);
    try {
      Receipt receipt = sink.deliver(delivery);
      log.info("Test notification sent sink=" + name + " outcome=" + receipt.outcome());
      json.addProperty("outcome", receipt.outcome().name());
      json.addProperty("channel", receipt.channel());
      json.addProperty("id", receipt.id());
      if (receipt.outcome() == Receipt.Outcome.REFUSED) {
        json.addProperty(
            "detail", "the sink refused the message; its answer is in the function's log");
      }
      return CheckResponse.json(200, json);
    } catch (TransientFailureException e) {
      log.warning("Test notification failed sink=" + name + " error=" + e.getMessage());
      json.addProperty("error", e.getMessage());
      return CheckResponse.json(502, json);
    }
  }

  /** The guidance, with the mark in front of the title and as the first paragraph. */
  private static Message marked(Message message, String sink) {
    List<Block> blocks = new ArrayList<>();
    blocks.add(
        Block.Paragraph.of(
            Span.bold(MARK),
            Span.text(
                ". This message checks that the sink '"
                    + sink
                    + "' receives findings;"
                    + " the cluster in it is made up.")));
    blocks.addAll(message.blocks());
    return new Message(MARK + ": " + message.title(), message.verdict(), blocks);
  }

  /** A made-up cluster, AT_RISK with one pool, whose names say it is a sample. */
  static Assessment sample() {
    ClusterRef ref = new ClusterRef("sentinel-sample-project", "us-central1", "sample-cluster");
    String version = "1.22.17-gke.100";
    ClusterInfo cluster =
        new ClusterInfo(
            ref,
            false,
            version,
            "REGULAR",
            List.of(new NodePoolInfo("default-pool", "COS", version, 3)),
            false,
            "",
            Map.of("sentinel-test", "true"));
    PoolPlan pool =
        new PoolPlan(
            "default-pool",
            "COS",
            version,
            "COS_CONTAINERD",
            "gcloud container clusters upgrade sample-cluster --project=sentinel-sample-project"
                + " --location=us-central1 --node-pool=default-pool --image-type=COS_CONTAINERD",
            "1.14",
            "");
    return new Assessment(
        cluster,
        Verdict.AT_RISK,
        null,
        List.of(
            new Blocker.DockerImages(Verdict.AT_RISK, Cause.BELOW_WALL, "", List.of(pool), null)));
  }
}
