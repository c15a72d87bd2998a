package dev.upgradesentinel.sinks.jira;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document against the rules of Atlassian Document Format that Jira enforces, for the
 * nodes and marks the renderer uses: which node may hold which, non-empty text, and marks.
 */
final class AdfAssert {
  private static final Map<String, Set<String>> CHILDREN =
      Map.of(
          "doc", Set.of("heading", "paragraph", "bulletList", "codeBlock"),
          "heading", Set.of("text", "hardBreak"),
          "paragraph", Set.of("text", "hardBreak"),
          "bulletList", Set.of("listItem"),
          "listItem", Set.of("paragraph", "bulletList", "codeBlock"),
          "codeBlock", Set.of("text"),
          "text", Set.of(),
          "hardBreak", Set.of());

  private AdfAssert() {}

  static void assertValidDocument(JsonObject doc) {
    assertThat(doc.get("type").getAsString()).isEqualTo("doc");
    assertThat(doc.get("version").getAsInt()).isEqualTo(1);
    check(doc, "doc", "$");
  }

  /** The texts of all text nodes, in document order. */
  static List<String> texts(JsonElement node) {
    List<String> texts = new ArrayList<>();
    collect(node, texts);
    return texts;
  }

  private static void collect(JsonElement element, List<String> texts) {
    if (element.isJsonObject()) {
      JsonObject node = element.getAsJsonObject();
      if (node.has("text")) {
        texts.add(node.get("text").getAsString());
      }
      if (node.has("content")) {
        node.getAsJsonArray("content").forEach(child -> collect(child, texts));
      }
    }
  }

  private static void check(JsonObject node, String parent, String path) {
    String type = node.get("type").getAsString();
    assertWithMessage("unknown node at %s", path).that(CHILDREN).containsKey(type);
    if (!path.equals("$")) {
      assertWithMessage("%s inside %s at %s", type, parent, path)
          .that(CHILDREN.get(parent))
          .contains(type);
    }
    switch (type) {
      case "text" -> {
        assertWithMessage("empty text at %s", path)
            .that(node.get("text").getAsString())
            .isNotEmpty();
        checkMarks(node, parent, path);
      }
      case "heading" -> {
        int level = node.getAsJsonObject("attrs").get("level").getAsInt();
        assertThat(level).isIn(List.of(1, 2, 3, 4, 5, 6));
      }
      case "bulletList", "listItem" ->
          assertWithMessage("empty %s at %s", type, path)
              .that(node.getAsJsonArray("content"))
              .isNotEmpty();
      default -> {}
    }
    if (node.has("content")) {
      var content = node.getAsJsonArray("content");
      for (int i = 0; i < content.size(); i++) {
        check(content.get(i).getAsJsonObject(), type, path + "." + type + "[" + i + "]");
      }
    }
  }

  private static void checkMarks(JsonObject text, String parent, String path) {
    if (!text.has("marks")) {
      return;
    }
    assertWithMessage("marks in a codeBlock at %s", path).that(parent).isNotEqualTo("codeBlock");
    List<String> types = new ArrayList<>();
    for (JsonElement mark : text.getAsJsonArray("marks")) {
      String type = mark.getAsJsonObject().get("type").getAsString();
      assertThat(type).isAnyOf("strong", "em", "code", "link");
      if (type.equals("link")) {
        assertThat(mark.getAsJsonObject().getAsJsonObject("attrs").get("href").getAsString())
            .startsWith("http");
      }
      types.add(type);
    }
    assertWithMessage("duplicate marks at %s", path).that(types).containsNoDuplicates();
    if (types.contains("code")) {
      assertWithMessage("code only goes with link, at %s", path)
          .that(types.stream().filter(t -> !t.equals("code") && !t.equals("link")).toList())
          .isEmpty();
    }
  }
}
