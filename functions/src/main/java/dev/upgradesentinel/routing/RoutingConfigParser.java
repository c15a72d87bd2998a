package dev.upgradesentinel.routing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.upgradesentinel.assess.Verdict;
import dev.upgradesentinel.base.HttpsUrl;
import dev.upgradesentinel.base.Language;
import dev.upgradesentinel.sinks.SinkKind;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a routing config, collecting every problem rather than stopping at the first,
 * so one deploy check lists all there is to fix. Problems name the line and the JSON path.
 *
 * <p>The JSON is read strictly (no comments, no trailing commas, no duplicate fields), because a
 * lenient reader would let a typo quietly change where findings go.
 */
final class RoutingConfigParser {
  private static final Pattern SINK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
  private static final Pattern LINE = Pattern.compile(" at line (\\d+) column \\d+");

  /** Field names that hold a secret when written inline. */
  private static final Pattern SECRET_LIKE =
      Pattern.compile("(?i).*(token|secret|password|passwd|key|url|email|credential)s?");

  private static final Set<String> TOP_FIELDS = Set.of("sinks", "routes", "default");
  private static final Set<String> ROUTE_FIELDS = Set.of("match", "sinks", "language", "continue");
  private static final Set<String> DEFAULT_FIELDS = Set.of("sinks", "language");
  private static final Set<String> MATCH_FIELDS =
      Set.of("projects", "labels", "locations", "verdicts", "kinds");

  /** The kinds a route can match, as a problem lists them: "FINDING, DRAIN, ... or LAST". */
  private static final String KIND_NAMES = kindNames();

  private final Map<String, Integer> lines = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private RoutingConfigParser() {}

  /**
   * Parses a routing config.
   *
   * @throws RoutingConfigException listing every problem found
   */
  static RoutingConfig parse(String text) {
    return new RoutingConfigParser().run(text);
  }

  private RoutingConfig run(String text) {
    JsonElement root;
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      root = read(reader, "");
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        problem("", "unexpected text after the end of the config");
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new RoutingConfigException(List.of("syntax error: " + syntaxMessage(e)));
    }
    if (!root.isJsonObject()) {
      problem("", "the config must be a JSON object with sinks, routes and default");
      throw new RoutingConfigException(problems);
    }
    JsonObject top = root.getAsJsonObject();
    unknownFields(top, "", TOP_FIELDS);
    Map<String, SinkSpec> sinks = sinks(top);
    // Routes may name a sink that has problems of its own; those are reported once, at the sink.
    Set<String> defined =
        top.get("sinks") != null && top.get("sinks").isJsonObject()
            ? top.getAsJsonObject("sinks").keySet()
            : Set.of();
    List<Route> routes = new ArrayList<>();
    JsonElement routeList = top.get("routes");
    if (routeList != null && isArray(routeList, "routes")) {
      JsonArray array = routeList.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        route(array.get(i), "routes[" + i + "]", defined, false).ifPresent(routes::add);
      }
    }
    Optional<Route> fallback = Optional.empty();
    if (top.get("default") == null) {
      problem(
          "",
          "'default' is missing: it names the sinks for findings no route matches"
              + " (write {\"sinks\": []} to drop them)");
    } else {
      fallback = route(top.get("default"), "default", defined, true);
    }
    if (!problems.isEmpty()) {
      throw new RoutingConfigException(problems);
    }
    return new RoutingConfig(sinks, routes, fallback.orElseThrow());
  }

  // ---- Sinks ----

  private Map<String, SinkSpec> sinks(JsonObject top) {
    Map<String, SinkSpec> specs = new LinkedHashMap<>();
    JsonElement sinks = top.get("sinks");
    if (sinks == null) {
      problem("", "'sinks' is missing: define at least one sink");
      return specs;
    }
    if (!isObject(sinks, "sinks")) {
      return specs;
    }
    if (sinks.getAsJsonObject().isEmpty()) {
      problem("sinks", "define at least one sink");
    }
    for (Map.Entry<String, JsonElement> entry : sinks.getAsJsonObject().entrySet()) {
      String name = entry.getKey();
      String path = "sinks." + name;
      if (!SINK_NAME.matcher(name).matches()) {
        problem(
            path,
            "a sink name is 1 to 63 letters, digits, '-' or '_', starting with a letter or digit");
        continue;
      }
      sink(name, entry.getValue(), path).ifPresent(spec -> specs.put(name, spec));
    }
    return specs;
  }

  private Optional<SinkSpec> sink(String name, JsonElement element, String path) {
    if (!isObject(element, path)) {
      return Optional.empty();
    }
    JsonObject object = element.getAsJsonObject();
    Optional<String> code = string(object, "type", path);
    if (code.isEmpty()) {
      if (!object.has("type")) {
        problem(path, "'type' is missing (one of " + String.join(", ", SinkCatalog.types()) + ")");
      }
      return Optional.empty();
    }
    Optional<SinkKind> type = SinkCatalog.byType(code.get());
    if (type.isEmpty()) {
      problem(
          path + ".type",
          "unknown sink type '"
              + code.get()
              + "' (one of "
              + String.join(", ", SinkCatalog.types())
              + ")");
      return Optional.empty();
    }
    int before = problems.size();
    Map<String, String> values = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (Map.Entry<String, JsonElement> field : object.entrySet()) {
      String key = field.getKey();
      String fieldPath = path + "." + key;
      if (key.equals("type")) {
        continue;
      }
      if (!type.get().fields().contains(key)) {
        unknownSinkField(type.get(), key, fieldPath);
      } else if (key.equals(SinkKind.LIST_FIELD)) {
        labels.addAll(strings(field.getValue(), fieldPath, true));
      } else {
        string(object, key, path).ifPresent(value -> values.put(key, value));
      }
    }
    for (String required : type.get().required()) {
      if (!object.has(required)) {
        problem(
            path,
            "'"
                + required
                + "' is missing; a "
                + type.get().type()
                + " sink needs "
                + String.join(", ", type.get().required()));
      }
    }
    values.forEach(
        (key, value) -> {
          if (key.endsWith("Env") && !ENV_NAME.matcher(value).matches()) {
            problem(
                path + "." + key,
                "'"
                    + key
                    + "' names an environment variable (such as"
                    + " JIRA_API_TOKEN), not a value; write the value in that variable");
          } else if (key.equals("baseUrl") && !isHttpsUrl(value)) {
            problem(path + "." + key, "'baseUrl' must be an https URL");
          }
        });
    return problems.size() == before
        ? Optional.of(new SinkSpec(name, type.get(), values, labels))
        : Optional.empty();
  }

  private void unknownSinkField(SinkKind type, String key, String path) {
    boolean secretLike = SECRET_LIKE.matcher(key).matches() && !key.equals("baseUrl");
    if (type.fields().contains(key + "Env") || secretLike) {
      String envField =
          type.fields().contains(key + "Env") ? key + "Env" : "the matching ...Env field";
      problem(
          path,
          "secrets are never written in the routing config, which is deployed with the"
              + " source: put the value in an environment variable (from Secret Manager with"
              + " --set-secrets) and name the variable in "
              + envField);
    } else {
      problem(
          path,
          "unknown field '"
              + key
              + "' for a "
              + type.type()
              + " sink (fields: type, "
              + String.join(", ", type.fields())
              + ")");
    }
  }

  private static boolean isHttpsUrl(String value) {
    try {
      HttpsUrl.parse("baseUrl", value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ---- Routes ----

  private Optional<Route> route(
      JsonElement element, String path, Set<String> sinkNames, boolean isDefault) {
    if (!isObject(element, path)) {
      return Optional.empty();
    }
    JsonObject object = element.getAsJsonObject();
    int before = problems.size();
    unknownFields(object, path, isDefault ? DEFAULT_FIELDS : ROUTE_FIELDS);
    Match match = Match.ANY;
    if (!isDefault && object.has("match")) {
      match = match(object.get("match"), path + ".match");
    }
    // An empty list is allowed: a route with no sinks drops what it matches.
    List<String> sinks = new ArrayList<>();
    if (!object.has("sinks")) {
      problem(
          path,
          "'sinks' is missing: list the names of the sinks this route sends to"
              + " ([] drops what it matches)");
    } else {
      List<String> names = strings(object.get("sinks"), path + ".sinks", true);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (!sinkNames.contains(name)) {
          problem(
              path + ".sinks[" + i + "]",
              "unknown sink '"
                  + name
                  + "' (defined: "
                  + (sinkNames.isEmpty() ? "none" : String.join(", ", sinkNames))
                  + ")");
        } else if (sinks.contains(name)) {
          problem(path + ".sinks[" + i + "]", "sink '" + name + "' is listed twice");
        } else {
          sinks.add(name);
        }
      }
    }
    Optional<Language> language =
        string(object, "language", path)
            .flatMap(
                code -> {
                  try {
                    return Optional.of(Language.fromCode(code));
                  } catch (IllegalArgumentException e) {
                    problem(path + ".language", "unknown language '" + code + "' (en or ko)");
                    return Optional.empty();
                  }
                });
    boolean continueMatching = false;
    JsonElement next = object.get("continue");
    if (!isDefault && next != null) {
      if (next.isJsonPrimitive() && next.getAsJsonPrimitive().isBoolean()) {
        continueMatching = next.getAsBoolean();
      } else {
        problem(path + ".continue", "'continue' must be true or false");
      }
    }
    return problems.size() == before
        ? Optional.of(new Route(path, match, sinks, language, continueMatching))
        : Optional.empty();
  }

  private Match match(JsonElement element, String path) {
    if (!isObject(element, path)) {
      return Match.ANY;
    }
    JsonObject object = element.getAsJsonObject();
    unknownFields(object, path, MATCH_FIELDS);
    List<Glob> projects = globs(object.get("projects"), path + ".projects");
    List<Glob> locations = globs(object.get("locations"), path + ".locations");
    Map<String, Glob> labels = new LinkedHashMap<>();
    JsonElement labelObject = object.get("labels");
    if (labelObject != null && isObject(labelObject, path + ".labels")) {
      for (Map.Entry<String, JsonElement> label : labelObject.getAsJsonObject().entrySet()) {
        string(labelObject.getAsJsonObject(), label.getKey(), path + ".labels")
            .ifPresent(value -> labels.put(label.getKey(), Glob.of(value)));
      }
    }
    Set<Verdict> verdicts = new LinkedHashSet<>();
    JsonElement verdictList = object.get("verdicts");
    if (verdictList != null) {
      List<String> codes = strings(verdictList, path + ".verdicts", false);
      for (int i = 0; i < codes.size(); i++) {
        try {
          verdicts.add(Verdict.valueOf(codes.get(i).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          problem(
              path + ".verdicts[" + i + "]",
              "unknown verdict '" + codes.get(i) + "' (BLOCKED, AT_RISK, CLEAR or NOT_APPLICABLE)");
        }
      }
    }
    Set<Subject> kinds = new LinkedHashSet<>();
    JsonElement kindList = object.get("kinds");
    if (kindList != null) {
      List<String> codes = strings(kindList, path + ".kinds", false);
      for (int i = 0; i < codes.size(); i++) {
        try {
          kinds.add(Subject.valueOf(codes.get(i).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          problem(
              path + ".kinds[" + i + "]",
              "unknown kind '" + codes.get(i) + "' (" + KIND_NAMES + ")");
        }
      }
    }
    return new Match(projects, labels, locations, verdicts, kinds);
  }

  private static String kindNames() {
    List<String> names = Arrays.stream(Subject.values()).map(Subject::name).toList();
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  private List<Glob> globs(JsonElement element, String path) {
    return element == null
        ? List.of()
        : strings(element, path, false).stream().map(Glob::of).toList();
  }

  // ---- Shapes ----

  /**
   * The strings of a list; an empty list is a mistake unless allowed, as it would match nothing.
   */
  private List<String> strings(JsonElement element, String path, boolean emptyAllowed) {
    if (!isArray(element, path)) {
      return List.of();
    }
    JsonArray array = element.getAsJsonArray();
    if (array.isEmpty() && !emptyAllowed) {
      problem(path, "an empty list matches nothing; leave the field out to match anything");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      if (item.isJsonPrimitive()
          && item.getAsJsonPrimitive().isString()
          && !item.getAsString().isBlank()) {
        values.add(item.getAsString());
      } else {
        problem(path + "[" + i + "]", "must be a non-empty string");
      }
    }
    return values;
  }

  private Optional<String> string(JsonObject object, String field, String path) {
    JsonElement value = object.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isJsonPrimitive()
        && value.getAsJsonPrimitive().isString()
        && !value.getAsString().isBlank()) {
      return Optional.of(value.getAsString().strip());
    }
    problem(join(path, field), "'" + field + "' must be a non-empty string");
    return Optional.empty();
  }

  private boolean isObject(JsonElement element, String path) {
    if (element.isJsonObject()) {
      return true;
    }
    problem(path, "must be a JSON object");
    return false;
  }

  private boolean isArray(JsonElement element, String path) {
    if (element.isJsonArray()) {
      return true;
    }
    problem(path, "must be a JSON list");
    return false;
  }

  private void unknownFields(JsonObject object, String path, Set<String> known) {
    for (String field : object.keySet()) {
      if (!known.contains(field)) {
        problem(
            join(path, field),
            "unknown field '"
                + field
                + "' (expected: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  private void problem(String path, String message) {
    Integer line = lines.get(path);
    String where =
        (line == null || line == 0 ? "" : "line " + line + ", ")
            + (path.isEmpty() ? "top level" : path);
    problems.add(where + ": " + message);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  // ---- Reading, with the line of every value ----

  /** Reads one value into a tree, noting the line it starts on under its path. */
  private JsonElement read(JsonReader reader, String path) throws IOException {
    JsonToken token = reader.peek();
    lines.putIfAbsent(path, line(reader));
    switch (token) {
      case BEGIN_OBJECT -> {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          String child = join(path, name);
          if (object.has(name)) {
            lines.put(child, line(reader));
            problem(child, "'" + name + "' is given twice; a JSON reader would keep only one");
          }
          object.add(name, read(reader, child));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(read(reader, path + "[" + array.size() + "]"));
        }
        reader.endArray();
        return array;
      }
      case STRING -> {
        return new JsonPrimitive(reader.nextString());
      }
      case NUMBER -> {
        return new JsonPrimitive(new BigDecimal(reader.nextString()));
      }
      case BOOLEAN -> {
        return new JsonPrimitive(reader.nextBoolean());
      }
      case NULL -> {
        reader.nextNull();
        return JsonNull.INSTANCE;
      }
      default -> throw new IllegalStateException("unexpected " + token + reader.getPath());
    }
  }

  /**
   * The line the reader is at, or 0 when it cannot be told. Gson reports it only in {@code
   * toString()}, whose wording no API promises; RoutingConfigTest pins the lines it gives, so a
   * Gson that words it differently fails the build rather than quietly dropping lines from
   * problems.
   */
  private static int line(JsonReader reader) {
    Matcher m = LINE.matcher(reader.toString());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Gson's message, which names line and column, without its link to a troubleshooting page. */
  private static String syntaxMessage(Exception e) {
    String message = String.valueOf(e.getMessage());
    int see = message.indexOf("\nSee ");
    return (see < 0 ? message : message.substring(0, see)).replace("$.", "").strip();
  }
}
