package dev.upgradesentinel.scan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A request to check clusters, as it travels on the scan topic: from CheckFunction's fan-out, from
 * the /gke-check slash command, or from Cloud Scheduler's weekly sweep.
 *
 * <p>The JSON form (camelCase; {@code projects} is required unless {@code scope} names an
 * organization, a folder or a project to read from Cloud Asset Inventory):
 *
 * <pre>{@code
 * {"scanId":"scan-20261125-abc123","kind":"sweep","projects":["p1","p2"],"location":"-",
 *  "cluster":"","notify":true,"responseUrl":"","requestedBy":"scheduler","batch":1,"batches":1}
 * }</pre>
 *
 * <p>A scope's later batches carry {@code "scope"} and the {@code "pageToken"} to go on from.
 *
 * @param scanId identifies the scan across its batches; generated when absent
 * @param kind who asked
 * @param projects the projects to scan (ids or numbers)
 * @param location a location, or {@code "-"} for all
 * @param cluster one cluster's name, or empty for every cluster in scope
 * @param notifySinks whether results go to the configured sinks as a digest
 * @param responseUrl a Slack response URL to answer a slash command at, or empty
 * @param requestedBy who asked (a Slack user id, "scheduler", an HTTP caller), for logs
 * @param batch this batch's number, from 1
 * @param batches how many batches the scan was split into
 * @param scope {@code organizations/N}, {@code folders/N} or {@code projects/P} to read every
 *     cluster of from Cloud Asset Inventory, instead of listing {@code projects}; empty otherwise
 * @param pageToken with a scope, the inventory page to start at: a batch that ends before the
 *     scope's last page hands the rest on with it, as batch {@code batch + 1}; empty for the first
 *     page. For a scope, {@code batches} counts the batches known so far, since how many pages a
 *     scope holds is known only once they have been read
 */
public record ScanRequest(
    String scanId,
    Kind kind,
    List<String> projects,
    String location,
    String cluster,
    boolean notifySinks,
    String responseUrl,
    String requestedBy,
    int batch,
    int batches,
    String scope,
    String pageToken) {

  /** Most projects one request may name; larger fleets are split into several requests. */
  public static final int MAX_PROJECTS = 5_000;

  /**
   * The longest page token accepted. Cloud Asset Inventory's tokens are opaque and short; the bound
   * keeps a forged request from carrying a large payload to the API.
   */
  static final int MAX_PAGE_TOKEN_CHARS = 4_096;

  /** Who asked for a scan. */
  public enum Kind {
    CHECK,
    SLASH_COMMAND,
    SWEEP;

    String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Kind fromCode(String code) {
      for (Kind kind : values()) {
        if (kind.code().equals(code)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "unknown kind '" + code + "' (check, slash-command, sweep)");
    }
  }

  public ScanRequest {
    Objects.requireNonNull(scanId, "scanId == null");
    Objects.requireNonNull(kind, "kind == null");
    projects = List.copyOf(Objects.requireNonNull(projects, "projects == null"));
    Objects.requireNonNull(location, "location == null");
    Objects.requireNonNull(cluster, "cluster == null");
    Objects.requireNonNull(responseUrl, "responseUrl == null");
    Objects.requireNonNull(requestedBy, "requestedBy == null");
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(pageToken, "pageToken == null");
    if (!pageToken.isEmpty()) {
      if (scope.isEmpty()) {
        throw new IllegalArgumentException("a page token needs a scope");
      }
      if (pageToken.length() > MAX_PAGE_TOKEN_CHARS || !pageToken.matches("[\\x21-\\x7E]+")) {
        throw new IllegalArgumentException("pageToken is not a page token");
      }
    }
    if (!scope.isEmpty()) {
      if (!Identifiers.ASSET_SCOPE.matcher(scope).matches()) {
        throw new IllegalArgumentException(
            "not a scope: '"
                + clip(scope)
                + "' (organizations/NUMBER, folders/NUMBER or projects/PROJECT)");
      }
      if (!projects.isEmpty() || !cluster.isEmpty()) {
        throw new IllegalArgumentException("a scope is scanned whole: name no projects or cluster");
      }
    } else if (projects.isEmpty() || projects.size() > MAX_PROJECTS) {
      throw new IllegalArgumentException("projects must name 1 to " + MAX_PROJECTS + " projects");
    }
    for (String project : projects) {
      if (!Identifiers.PROJECT.matcher(project).matches()) {
        throw new IllegalArgumentException("not a project id or number: '" + clip(project) + "'");
      }
    }
    if (!location.equals("-") && !Identifiers.LOCATION.matcher(location).matches()) {
      throw new IllegalArgumentException("not a location: '" + clip(location) + "'");
    }
    if (!cluster.isEmpty() && !Identifiers.CLUSTER_NAME.matcher(cluster).matches()) {
      throw new IllegalArgumentException("not a cluster name: '" + clip(cluster) + "'");
    }
    if (!cluster.isEmpty() && (location.equals("-") || projects.size() != 1)) {
      throw new IllegalArgumentException("a cluster needs exactly one project and a location");
    }
    if (batch < 1 || batches < batch) {
      throw new IllegalArgumentException("batch must be between 1 and batches");
    }
  }

  /** A request for projects, without a scope. */
  public ScanRequest(
      String scanId,
      Kind kind,
      List<String> projects,
      String location,
      String cluster,
      boolean notifySinks,
      String responseUrl,
      String requestedBy,
      int batch,
      int batches) {
    this(
        scanId,
        kind,
        projects,
        location,
        cluster,
        notifySinks,
        responseUrl,
        requestedBy,
        batch,
        batches,
        "",
        "");
  }

  /** A request for projects or for a scope from its first page. */
  public ScanRequest(
      String scanId,
      Kind kind,
      List<String> projects,
      String location,
      String cluster,
      boolean notifySinks,
      String responseUrl,
      String requestedBy,
      int batch,
      int batches,
      String scope) {
    this(
        scanId,
        kind,
        projects,
        location,
        cluster,
        notifySinks,
        responseUrl,
        requestedBy,
        batch,
        batches,
        scope,
        "");
  }

  /**
   * The batch, for logs: {@code 2/5} of a split list of projects; a scope's batch number alone,
   * since how many batches it takes is known only at its last.
   */
  public String batchLabel() {
    return hasScope() ? String.valueOf(batch) : batch + "/" + batches;
  }

  /**
   * The request in a log line: {@code scan=ID kind=KIND batch=B}, then its scope or how many
   * projects it names.
   */
  public String logContext() {
    return "scan="
        + scanId
        + " kind="
        + kind.code()
        + " batch="
        + batchLabel()
        + (hasScope() ? " scope=" + scope : " projects=" + projects.size());
  }

  /** Whether the request names a scope to read from Cloud Asset Inventory. */
  public boolean hasScope() {
    return !scope.isEmpty();
  }

  /** The same request for a subset of its projects, as batch {@code batch} of {@code batches}. */
  public ScanRequest forBatch(List<String> batchProjects, int batch, int batches) {
    return copy(batchProjects, notifySinks, responseUrl, batch, batches, pageToken);
  }

  /**
   * The batch after this one of a scope, starting at {@code nextPageToken}: the same scan, with the
   * slash command's response URL only when {@code keepResponseUrl}.
   */
  public ScanRequest continuation(String nextPageToken, boolean keepResponseUrl) {
    if (!hasScope() || nextPageToken.isEmpty()) {
      throw new IllegalArgumentException("only a scope with pages left is continued");
    }
    return copy(
        projects,
        notifySinks,
        keepResponseUrl ? responseUrl : "",
        batch + 1,
        Math.max(batches, batch + 1),
        nextPageToken);
  }

  /** The same request, its results sent to the sinks as digests. */
  public ScanRequest notifying() {
    return copy(projects, true, responseUrl, batch, batches, pageToken);
  }

  private ScanRequest copy(
      List<String> projects,
      boolean notifySinks,
      String responseUrl,
      int batch,
      int batches,
      String pageToken) {
    return new ScanRequest(
        scanId,
        kind,
        projects,
        location,
        cluster,
        notifySinks,
        responseUrl,
        requestedBy,
        batch,
        batches,
        scope,
        pageToken);
  }

  /**
   * This request's projects in batches of at most {@code batchSize}, numbered from 1, each carrying
   * the scan id and everything else unchanged; a request that fits is one batch.
   */
  public List<ScanRequest> split(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    if (hasScope()) {
      // One worker reads the inventory: a few pages for a whole organization.
      return List.of(this);
    }
    int batches = (projects.size() + batchSize - 1) / batchSize;
    List<ScanRequest> result = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      List<String> part =
          projects.subList(i * batchSize, Math.min(projects.size(), (i + 1) * batchSize));
      result.add(forBatch(part, i + 1, batches));
    }
    return result;
  }

  public String toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("scanId", scanId);
    json.addProperty("kind", kind.code());
    JsonArray list = new JsonArray();
    projects.forEach(list::add);
    json.add("projects", list);
    json.addProperty("location", location);
    json.addProperty("cluster", cluster);
    json.addProperty("notify", notifySinks);
    json.addProperty("responseUrl", responseUrl);
    json.addProperty("requestedBy", requestedBy);
    json.addProperty("batch", batch);
    json.addProperty("batches", batches);
    if (hasScope()) {
      json.addProperty("scope", scope);
    }
    if (!pageToken.isEmpty()) {
      json.addProperty("pageToken", pageToken);
    }
    return json.toString();
  }

  /**
   * Parses the JSON form; absent optional fields take their defaults, and an absent scan id is
   * replaced by {@code defaultScanId}.
   *
   * @throws IllegalArgumentException with a reason safe to log when the JSON is malformed
   */
  public static ScanRequest fromJson(String text, String defaultScanId) {
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException("scan request is not a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("scan request is not JSON");
    }
    String scanId = string(json, "scanId", defaultScanId);
    if (!scanId.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw new IllegalArgumentException("scanId is not valid");
    }
    String scope = string(json, "scope", "");
    return new ScanRequest(
        scanId,
        Kind.fromCode(string(json, "kind", "check")),
        scope.isEmpty() || json.has("projects") ? strings(json, "projects") : List.of(),
        string(json, "location", "-"),
        string(json, "cluster", ""),
        bool(json, "notify"),
        string(json, "responseUrl", ""),
        string(json, "requestedBy", ""),
        integer(json, "batch", 1),
        integer(json, "batches", 1),
        scope,
        string(json, "pageToken", ""));
  }

  private static String string(JsonObject json, String name, String fallback) {
    JsonElement value = json.get(name);
    if (value == null || value.isJsonNull()) {
      return fallback;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("'" + name + "' is not a string");
    }
    return value.getAsString();
  }

  private static List<String> strings(JsonObject json, String name) {
    JsonElement value = json.get(name);
    if (value == null || !value.isJsonArray()) {
      throw new IllegalArgumentException("'" + name + "' is not a list");
    }
    List<String> result = new ArrayList<>();
    for (JsonElement element : value.getAsJsonArray()) {
      if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException("'" + name + "' is not a list of strings");
      }
      result.add(element.getAsString());
    }
    return result;
  }

  private static boolean bool(JsonObject json, String name) {
    JsonElement value = json.get(name);
    if (value == null || value.isJsonNull()) {
      return false;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException("'" + name + "' is not true or false");
    }
    return value.getAsBoolean();
  }

  private static int integer(JsonObject json, String name, int fallback) {
    JsonElement value = json.get(name);
    if (value == null || value.isJsonNull()) {
      return fallback;
    }
    try {
      return value.getAsJsonPrimitive().getAsInt();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + name + "' is not a number");
    }
  }

  private static String clip(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
