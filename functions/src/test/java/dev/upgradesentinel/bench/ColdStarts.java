package dev.upgradesentinel.bench;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What the cold-start benchmarks share: the minimal function they compare with, and the table of
 * medians and ratios of variants run interleaved.
 */
final class ColdStarts {
  private ColdStarts() {}

  /**
   * The JVM options {@code infra/deploy.sh} sets on every function: C1 only, the serial collector,
   * and the heap sizing of the 512 MiB it deploys them with.
   */
  static final String DEPLOY_JVM_OPTIONS =
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=70";

  /**
   * The comparison point: decodes the Pub/Sub envelope and posts once. Compiled by the benchmark,
   * so it is no part of the product.
   */
  private static final String MINIMAL_SOURCE =
      """
      package bench;

      import com.google.cloud.functions.CloudEventsFunction;
      import com.google.gson.JsonObject;
      import com.google.gson.JsonParser;
      import io.cloudevents.CloudEvent;
      import java.net.URI;
      import java.net.http.HttpClient;
      import java.net.http.HttpRequest;
      import java.net.http.HttpResponse;
      import java.nio.charset.StandardCharsets;
      import java.util.Base64;

      public class MinimalFunction implements CloudEventsFunction {
        private final HttpClient http = HttpClient.newHttpClient();

        @Override
        public void accept(CloudEvent event) throws Exception {
          JsonObject message = JsonParser.parseString(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject().getAsJsonObject("message");
          String text = new String(Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8);
          JsonObject body = new JsonObject();
          body.addProperty("text", message.getAsJsonObject("attributes").get("cluster_name").getAsString() + ": " + text);
          HttpResponse<Void> response = http.send(
              HttpRequest.newBuilder(URI.create(System.getenv("SLACK_WEBHOOK_URL")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
              HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() >= 300) {
            throw new IllegalStateException("webhook answered " + response.statusCode());
          }
        }
      }
      """;

  /**
   * The comparison point of the slash command: checks Slack's signature of the form post and
   * acknowledges the command, as any slash command must within Slack's 3 s, and does nothing else.
   */
  private static final String MINIMAL_COMMAND_SOURCE =
      """
      package bench;

      import com.google.cloud.functions.HttpFunction;
      import com.google.cloud.functions.HttpRequest;
      import com.google.cloud.functions.HttpResponse;
      import java.net.URLDecoder;
      import java.nio.charset.StandardCharsets;
      import java.security.MessageDigest;
      import java.util.HexFormat;
      import javax.crypto.Mac;
      import javax.crypto.spec.SecretKeySpec;

      public class MinimalCommandFunction implements HttpFunction {
        @Override
        public void service(HttpRequest request, HttpResponse response) throws Exception {
          String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          String timestamp = request.getFirstHeader("X-Slack-Request-Timestamp").orElse("");
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(
              System.getenv("SLACK_SIGNING_SECRET").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
          String expected = "v0=" + HexFormat.of().formatHex(
              mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
          String given = request.getFirstHeader("X-Slack-Signature").orElse("");
          if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
              given.getBytes(StandardCharsets.UTF_8))) {
            response.setStatusCode(401);
            return;
          }
          String text = "";
          for (String pair : body.split("&")) {
            if (pair.startsWith("text=")) {
              text = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
          }
          response.setContentType("application/json");
          response.getWriter().write(
              "{\\"response_type\\":\\"ephemeral\\",\\"text\\":\\"Checking " + text + "\\"}");
        }
      }
      """;

  /** Compiles the minimal function into {@code work} and returns its class path. */
  static String compileMinimal(Path work) throws IOException {
    String classes = compile(work, "MinimalFunction", MINIMAL_SOURCE);
    String gson =
        List.of(System.getProperty("java.class.path").split(":")).stream()
            .filter(p -> p.contains("/gson-"))
            .findFirst()
            .orElseThrow();
    return classes + ":" + gson;
  }

  /** Compiles the minimal command function into {@code work} and returns its class path. */
  static String compileMinimalCommand(Path work) throws IOException {
    return compile(work, "MinimalCommandFunction", MINIMAL_COMMAND_SOURCE);
  }

  private static String compile(Path work, String name, String text) throws IOException {
    Path sources = Files.createDirectories(work.resolve("src/bench"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path source = sources.resolve(name + ".java");
    Files.writeString(source, text, StandardCharsets.UTF_8);
    String classpath = System.getProperty("java.class.path");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int result =
        compiler.run(
            null, null, null, "-classpath", classpath, "-d", classes.toString(), source.toString());
    assertThat(result).isEqualTo(0);
    return classes.toString();
  }

  /** Launch-to-answer times and peak resident memory, per variant, in the order added. */
  static final class Runs {
    final Map<String, List<Long>> millis = new LinkedHashMap<>();
    final Map<String, List<Long>> rssMiB = new LinkedHashMap<>();

    void add(String variant, long elapsedMillis, long peakRssMiB) {
      millis.computeIfAbsent(variant, v -> new ArrayList<>()).add(elapsedMillis);
      rssMiB.computeIfAbsent(variant, v -> new ArrayList<>()).add(peakRssMiB);
    }

    long median(String variant) {
      return ColdStarts.median(millis.get(variant));
    }

    /**
     * The table, each median's ratio taken to the minimal function listed last above it (the
     * notification's or the command's), or to the first variant's.
     */
    String table(String title) {
      long baseline = median(millis.keySet().iterator().next());
      StringBuilder out = new StringBuilder(String.format("%n%s%n", title));
      out.append(
          String.format(
              "%-62s %10s %8s %8s %8s %10s%n",
              "variant", "median ms", "min ms", "max ms", "ratio", "peak RSS"));
      for (Map.Entry<String, List<Long>> entry : millis.entrySet()) {
        List<Long> values = entry.getValue();
        long median = ColdStarts.median(values);
        if (entry.getKey().startsWith("minimal")) {
          baseline = median;
        }
        out.append(
            String.format(
                "%-62s %10d %8d %8d %7.2fx %6d MiB%n",
                entry.getKey(),
                median,
                Collections.min(values),
                Collections.max(values),
                (double) median / baseline,
                Collections.max(rssMiB.get(entry.getKey()))));
      }
      return out.toString();
    }
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
