package dev.upgradesentinel.routing;

import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.sinks.Sink;
import java.util.Objects;

/**
 * One sink a message goes to, and the language it is written in for that sink.
 *
 * @param sink the sink; its name keys the notification log
 * @param language the language of the route that chose the sink
 */
public record Recipient(Sink sink, Language language) {
  public Recipient {
    Objects.requireNonNull(sink, "sink == null");
    Objects.requireNonNull(language, "language == null");
  }
}
