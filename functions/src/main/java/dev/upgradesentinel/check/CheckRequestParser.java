package dev.upgradesentinel.check;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.upgradesentinel.model.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a check request from a GET query or a POST JSON body and validates all of it before any API
 * call, so that a typo costs the caller a 400 and the fleet no quota.
 *
 * <p>Values from the request appear in error messages only clipped and with control characters
 * replaced, so an answer or a log line cannot be forged through them.
 */
public final class CheckRequestParser {
  /** Most projects one request may name; the fan-out splits them further. */
  public static final int MAX_PROJECTS = 1_000;

  /** Project ids as the Resource Manager allows them, or project numbers. */
  private static final Set<String> QUERY_PARAMETERS =
      Set.of("project", "location", "cluster", "notify", "scope");

  private static final Set<String> BODY_FIELDS =
      Set.of("projects", "location", "cluster", "notify", "scope");

  /**
   * Parses {@code ?project=P[&location=L][&cluster=C][&notify=true]}, or {@code
   * ?scope=organizations/N[&location=L][&notify=true]}. Several projects may be given as repeated
   * {@code project} parameters or separated by commas.
   *
   * @throws BadRequestException naming what is wrong
   */
  public CheckRequest fromQuery(Map<String, List<String>> query) {
    Set<String> unknown = new TreeSet<>(query.keySet());
    unknown.removeAll(QUERY_PARAMETERS);
    if (!unknown.isEmpty()) {
      throw new BadRequestException(
          "unknown parameters: "
              + clip(String.join(", ", unknown))
              + " (allowed: project, location, cluster, notify, scope)");
    }
    List<String> projects = new ArrayList<>();
    for (String value : query.getOrDefault("project", List.of())) {
      for (String project : value.split(",", -1)) {
        projects.add(project.strip());
      }
    }
    String notify = single(query, "notify", "false");
    if (!notify.equals("true") && !notify.equals("false")) {
      throw new BadRequestException("notify must be true or false, not '" + clip(notify) + "'");
    }
    return validated(
        projects,
        single(query, "location", "-"),
        single(query, "cluster", ""),
        notify.equals("true"),
        single(query, "scope", ""));
  }

  /**
   * Parses {@code {"projects":["p1"],"location":"-","cluster":"","notify":false}}.
   *
   * @throws BadRequestException naming what is wrong
   */
  public CheckRequest fromJson(String body) {
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (!parsed.isJsonObject()) {
        throw new BadRequestException("the body must be a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new BadRequestException("the body is not valid JSON");
    }
    Set<String> unknown = new TreeSet<>(json.keySet());
    unknown.removeAll(BODY_FIELDS);
    if (!unknown.isEmpty()) {
      throw new BadRequestException(
          "unknown fields: "
              + clip(String.join(", ", unknown))
              + " (allowed: projects, location, cluster, notify, scope)");
    }
    JsonElement list = json.get("projects");
    boolean scoped = json.has("scope") && list == null;
    if (!scoped && (list == null || !list.isJsonArray())) {
      throw new BadRequestException("projects must be a list of project ids or numbers");
    }
    List<String> projects = new ArrayList<>();
    for (JsonElement element : scoped ? new JsonArray() : list.getAsJsonArray()) {
      if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
        throw new BadRequestException("projects must be a list of strings");
      }
      projects.add(element.getAsString());
    }
    JsonElement notify = json.get("notify");
    if (notify != null && !(notify.isJsonPrimitive() && notify.getAsJsonPrimitive().isBoolean())) {
      throw new BadRequestException("notify must be true or false");
    }
    return validated(
        projects,
        string(json, "location", "-"),
        string(json, "cluster", ""),
        notify != null && notify.getAsBoolean(),
        string(json, "scope", ""));
  }

  private static CheckRequest validated(
      List<String> projects, String location, String cluster, boolean notify, String scope) {
    if (!scope.isEmpty()) {
      if (!Identifiers.ASSET_SCOPE.matcher(scope).matches()) {
        throw new BadRequestException(
            "not a scope: '"
                + clip(scope)
                + "' (organizations/NUMBER, folders/NUMBER or projects/PROJECT)");
      }
      if (!projects.isEmpty() || !cluster.isEmpty()) {
        throw new BadRequestException(
            "scope reads every cluster of an organization, folder or project: give it without"
                + " project or cluster");
      }
      if (!location.equals("-") && !Identifiers.LOCATION.matcher(location).matches()) {
        throw new BadRequestException("not a location: '" + clip(location) + "'");
      }
      return new CheckRequest(List.of(), location, "", notify, scope);
    }
    if (projects.isEmpty()) {
      throw new BadRequestException(
          "project is required: a project id or number (or scope=organizations/NUMBER,"
              + " folders/NUMBER)");
    }
    if (projects.size() > MAX_PROJECTS) {
      throw new BadRequestException(
          "too many projects: " + projects.size() + " (at most " + MAX_PROJECTS + " per request)");
    }
    for (String project : projects) {
      if (!Identifiers.UNSCOPED_PROJECT.matcher(project).matches()) {
        throw new BadRequestException("not a project id or number: '" + clip(project) + "'");
      }
    }
    if (!location.equals("-") && !Identifiers.LOCATION.matcher(location).matches()) {
      throw new BadRequestException(
          "not a location: '"
              + clip(location)
              + "' (a region such as us-central1, a zone such as us-central1-c, or -)");
    }
    if (!cluster.isEmpty()) {
      if (!Identifiers.CLUSTER_NAME.matcher(cluster).matches()) {
        throw new BadRequestException("not a cluster name: '" + clip(cluster) + "'");
      }
      if (location.equals("-")) {
        throw new BadRequestException("a cluster needs its location (zone or region)");
      }
      if (projects.size() != 1) {
        throw new BadRequestException("a cluster needs exactly one project");
      }
    }
    return new CheckRequest(List.copyOf(new LinkedHashSet<>(projects)), location, cluster, notify);
  }

  private static String single(Map<String, List<String>> query, String name, String fallback) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new BadRequestException(name + " may be given once");
    }
    return values.isEmpty() || values.get(0).isBlank() ? fallback : values.get(0).strip();
  }

  private static String string(JsonObject json, String name, String fallback) {
    JsonElement value = json.get(name);
    if (value == null || value.isJsonNull()) {
      return fallback;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new BadRequestException(name + " must be a string");
    }
    return value.getAsString().isBlank() ? fallback : value.getAsString().strip();
  }

  static String clip(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }
}
