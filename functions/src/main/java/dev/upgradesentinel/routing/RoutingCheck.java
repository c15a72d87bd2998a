package dev.upgradesentinel.routing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a routing config before it is deployed: {@code java -cp CLASSPATH
 * dev.upgradesentinel.routing.RoutingCheck functions/routing.json} prints every problem (line and
 * JSON path) and exits 1, or prints a summary and exits 0. Secrets are not needed: it checks the
 * file, not the environment variables it names.
 */
public final class RoutingCheck {
  private RoutingCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the check; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println("usage: RoutingCheck ROUTING_CONFIG_FILE");
      return 2;
    }
    Path file = Path.of(args[0]);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(file + ": cannot be read: " + e.getMessage());
      return 1;
    }
    try {
      RoutingConfig config = RoutingConfig.parse(text);
      out.println(
          file
              + ": OK, "
              + config.sinks().size()
              + " sinks, "
              + config.routes().size()
              + " routes and a default route");
      return 0;
    } catch (RoutingConfigException e) {
      for (String problem : e.problems()) {
        err.println(file + ": " + problem);
      }
      return 1;
    }
  }
}
