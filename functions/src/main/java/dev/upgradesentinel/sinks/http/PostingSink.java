package dev.upgradesentinel.sinks.http;

import dev.upgradesentinel.sinks.Delivery;
import dev.upgradesentinel.sinks.Sink;
import dev.upgradesentinel.sinks.SinkContext;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A sink that posts one JSON document per message (Google Chat, Teams, PagerDuty, the generic
 * webhook): its name, and the {@link JsonPost} that sends, logs and sorts the answers the same way
 * for all of them. A subclass renders the document and reads the receipt from the answer.
 */
public abstract class PostingSink implements Sink {
  private final String name;
  private final JsonPost post;

  /**
   * @param name the sink's name in the routing config and the notification log
   * @param target how the endpoint is named in logs and errors, such as "the Teams workflow"
   * @param redact removes the sink's secrets from anything logged or thrown
   */
  protected PostingSink(
      String name, String target, UnaryOperator<String> redact, SinkContext context) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.post = new JsonPost(name, target, redact, context);
  }

  @Override
  public final String name() {
    return name;
  }

  /** Posts the JSON with the request's URL and headers; see {@link JsonPost#post}. */
  protected final JsonPost.Answer post(
      HttpRequest.Builder request, String json, Delivery delivery) {
    return post.post(request, json, delivery);
  }
}
