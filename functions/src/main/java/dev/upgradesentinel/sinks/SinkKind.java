package dev.upgradesentinel.sinks;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A kind of sink the routing config can name, declared by the sink's own folder: its {@code type},
 * the fields it takes, and how it is built from them. A field ending in {@code Env} names the
 * environment variable that holds a secret; the secret itself is never written in the config, which
 * is deployed with the source.
 *
 * @param type the value of the config's {@code type} field, such as {@code google-chat}
 * @param required the fields every sink of the kind must have
 * @param optional the fields it may have
 * @param factory builds a sink from its validated settings and the instance's shared context
 */
public record SinkKind(String type, List<String> required, List<String> optional, Factory factory) {

  /** The one field that is a list of strings rather than a string. */
  public static final String LIST_FIELD = "labels";

  /** Builds one sink. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @throws dev.upgradesentinel.base.ConfigException when a variable the settings name is unset,
     *     or a URL in one is not https
     */
    Sink build(SinkSettings settings, SinkContext context);
  }

  public SinkKind {
    Objects.requireNonNull(type, "type == null");
    required = List.copyOf(Objects.requireNonNull(required, "required == null"));
    optional = List.copyOf(Objects.requireNonNull(optional, "optional == null"));
    Objects.requireNonNull(factory, "factory == null");
  }

  /** Every field the kind takes besides {@code type}, required first. */
  public List<String> fields() {
    return Stream.concat(required.stream(), optional.stream()).toList();
  }

  public Sink build(SinkSettings settings, SinkContext context) {
    return factory.build(settings, context);
  }
}
