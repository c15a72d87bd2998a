package dev.upgradesentinel.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Loads test fixtures from the test classpath.
 *
 * <p>Cluster fixtures live under {@code src/test/resources/clusters/} in the shape {@code gcloud
 * container clusters describe --format=json} prints: {@code standard-docker.json} (COS and UBUNTU
 * pools at 1.23.17, NAP default COS), {@code autopilot.json}, {@code containerd.json}, {@code
 * windows.json} (a WINDOWS_LTSC pool at 1.21.0 next to a Linux pool) and {@code
 * legacy-lowercase.json} (image type {@code cos}, a pool without config, fields v1 does not know).
 */
public final class Fixtures {

  private Fixtures() {}

  /**
   * A cluster fixture as the JSON the GKE API answers and {@code gcloud ... describe --format=json}
   * prints, a fresh copy each call.
   *
   * @param resourcePath a classpath path such as {@code "clusters/standard-docker.json"}
   */
  public static JsonObject cluster(String resourcePath) {
    JsonElement json = JsonParser.parseString(text(resourcePath));
    if (!json.isJsonObject()) {
      throw new IllegalArgumentException("fixture is not a cluster: " + resourcePath);
    }
    return json.getAsJsonObject();
  }

  /**
   * A cluster fixture renamed as GKE would name it in a project and location: name, location and
   * the {@code selfLink} that the cluster source reads the project from.
   */
  public static JsonObject cluster(
      String resourcePath, String project, String location, String name) {
    return placed(cluster(resourcePath), project, location, name);
  }

  /** The cluster, changed in place to be named {@code name} in the project and location. */
  public static JsonObject placed(
      JsonObject cluster, String project, String location, String name) {
    cluster.addProperty("name", name);
    cluster.addProperty("location", location);
    cluster.addProperty(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + project
            + "/locations/"
            + location
            + "/clusters/"
            + name);
    return cluster;
  }

  /** The text of a classpath resource, read as UTF-8. */
  public static String text(String resourcePath) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resourcePath)) {
      if (in == null) {
        throw new IllegalArgumentException("no such test resource: " + resourcePath);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a classpath resource's UTF-8 text. */
  public static byte[] bytes(String resourcePath) {
    return text(resourcePath).getBytes(StandardCharsets.UTF_8);
  }

  /** The file behind a classpath resource, for code that reads files (resources are unpacked). */
  public static Path path(String resourcePath) {
    URL url = Fixtures.class.getClassLoader().getResource(resourcePath);
    if (url == null) {
      throw new IllegalArgumentException("no such test resource: " + resourcePath);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a file resource: " + resourcePath, e);
    }
  }
}
