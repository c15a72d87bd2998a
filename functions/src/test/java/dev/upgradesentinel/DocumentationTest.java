package dev.upgradesentinel;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the documentation true to the code: {@code docs/configuration.md} lists exactly the
 * environment variables the functions read, and no relative link in the README or under {@code
 * docs/} points at a file or heading that is not there.
 *
 * <p>Maven runs the tests from {@code functions/}, so the repository's root is its parent. A build
 * of the module without the repository around it fails here, saying where it looked: the check is
 * never skipped.
 */
class DocumentationTest {
  private static final Path REPOSITORY = Path.of("..");

  /** A read through {@code Env}: {@code env.value("NAME")}, {@code env.number("NAME", ...)}. */
  private static final Pattern ENV_READ =
      Pattern.compile(
          "\\.(?:value|flag|number|duration|url|hostPort|file)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");

  private static final Pattern GETENV =
      Pattern.compile("System\\.getenv\\(\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*\\)");

  private static final Pattern CODE_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)]*)\\)");
  private static final Pattern LINK_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)[^`].*?\\1");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?\\s*$");
  private static final Pattern CLOSING_HASHES = Pattern.compile("\\s+#+$");
  private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\s[^>]*\\b(?:name|id)\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCHEME =
      Pattern.compile("^(?:https?|mailto):", Pattern.CASE_INSENSITIVE);

  @Test
  void configuration_tableMatchesTheVariablesTheCodeReads() throws IOException {
    Path sources = REPOSITORY.resolve("functions/src/main/java");
    Path table = REPOSITORY.resolve("docs/configuration.md");
    requireExists(sources, "the functions' main sources");
    requireExists(table, "the configuration reference");

    assertWithMessage("docs/configuration.md against the variables read in %s", sources)
        .that(configurationProblems(sources, table))
        .isEmpty();
  }

  @Test
  void relativeLinks_pointAtFilesAndHeadingsThatExist() throws IOException {
    assertWithMessage("relative links in the README and docs/*.md")
        .that(deadLinks(markdownFiles(REPOSITORY)))
        .isEmpty();
  }

  @Test
  void variablesRead_findsEveryKindOfEnvReadAndGetenv(@TempDir Path sources) throws IOException {
    write(
        sources.resolve("a/Settings.java"),
        """
        class Settings {
          Settings(Env env) {
            env.value("PLAIN");
            env.value("PARSED", Settings::parse);
            env.flag("SWITCH");
            env.flag("SWITCH_ON", true);
            env.number(
                "COUNT", 1, 0, 9);
            env.duration("WAIT");
            env.url("ENDPOINT");
            env.hostPort("EMULATOR_HOST");
            env.file("SOME_FILE");
            System.getenv("FROM_GETENV");
            System.getenv();
            env.value(variableName);
            settings.secret("tokenEnv");
          }
        }
        """);

    assertThat(variablesRead(sources))
        .containsExactly(
            "PLAIN",
            "PARSED",
            "SWITCH",
            "SWITCH_ON",
            "COUNT",
            "WAIT",
            "ENDPOINT",
            "EMULATOR_HOST",
            "SOME_FILE",
            "FROM_GETENV");
  }

  @Test
  void documentedVariables_readsTheFirstColumnOfTheVariableTable(@TempDir Path dir)
      throws IOException {
    Path page =
        write(
            dir.resolve("configuration.md"),
            """
            # Configuration

            Mentions `NOT_IN_TABLE` in prose.

            | variable | default | what it does | read by |
            | --- | --- | --- | --- |
            | `FIRST` | `1` | says `ALSO_NOT_A_ROW` | notify |
            | `SECOND`, `THIRD` | unset | two at once | check |

            | other | table |
            | --- | --- |
            | `LATER_TABLE` | x |
            """);

    assertThat(documentedVariables(page)).containsExactly("FIRST", "SECOND", "THIRD");
  }

  @Test
  void documentedVariables_withoutTheTable_failsNamingThePage(@TempDir Path dir)
      throws IOException {
    Path page = write(dir.resolve("configuration.md"), "# Configuration\n\nNo table yet.\n");

    AssertionError error = assertThrows(AssertionError.class, () -> documentedVariables(page));

    assertThat(error).hasMessageThat().contains(page.toString());
    assertThat(error).hasMessageThat().contains("| variable |");
  }

  @Test
  void configurationProblems_plantedUndocumentedVariable_isNamed(@TempDir Path dir)
      throws IOException {
    Path sources = dir.resolve("src");
    write(
        sources.resolve("Config.java"),
        "class Config { Config(Env env) { env.value(\"DOCUMENTED\");"
            + " env.value(\"PLANTED_UNDOCUMENTED\"); } }");
    Path page = write(dir.resolve("configuration.md"), table("DOCUMENTED"));

    assertThat(configurationProblems(sources, page))
        .containsExactly(
            "PLANTED_UNDOCUMENTED is read by the code but missing from the table in " + page);
  }

  @Test
  void configurationProblems_plantedGetenvOutsideConfig_isNamed(@TempDir Path dir)
      throws IOException {
    Path sources = dir.resolve("src");
    write(
        sources.resolve("x/Elsewhere.java"),
        "class Elsewhere { String s = System.getenv(\"PLANTED_GETENV\"); }");
    Path page = write(dir.resolve("configuration.md"), table("OTHER"));

    assertThat(configurationProblems(sources, page))
        .containsExactly(
            "PLANTED_GETENV is read by the code but missing from the table in " + page,
            "OTHER is in the table in " + page + " but the code no longer reads it");
  }

  @Test
  void configurationProblems_plantedStaleRow_isNamed(@TempDir Path dir) throws IOException {
    Path sources = dir.resolve("src");
    write(
        sources.resolve("Config.java"), "class Config { Config(Env env) { env.flag(\"KEPT\"); } }");
    Path page = write(dir.resolve("configuration.md"), table("KEPT", "SLACK_TRANSPORT"));

    assertThat(configurationProblems(sources, page))
        .containsExactly(
            "SLACK_TRANSPORT is in the table in " + page + " but the code no longer reads it");
  }

  @Test
  void deadLinks_plantedLinkToAMissingFile_isNamed(@TempDir Path dir) throws IOException {
    write(dir.resolve("docs/present.md"), "# Present\n");
    Path readme =
        write(
            dir.resolve("README.md"),
            "See [present](docs/present.md) and [gone](docs/planted-missing.md).\n");

    assertThat(deadLinks(List.of(readme)))
        .containsExactly(readme + ": docs/planted-missing.md: no such file");
  }

  @Test
  void deadLinks_plantedLinkToAMissingAnchor_isNamed(@TempDir Path dir) throws IOException {
    write(dir.resolve("docs/guide.md"), "# Guide\n\n## Set it up\n");
    Path readme =
        write(
            dir.resolve("README.md"),
            """
            # Intro

            [ok](docs/guide.md#set-it-up), [also ok](#intro),
            [planted](docs/guide.md#planted-missing-heading), [here](#nowhere).
            """);

    assertThat(deadLinks(List.of(readme)))
        .containsExactly(
            readme + ": docs/guide.md#planted-missing-heading: no such heading in docs/guide.md",
            readme + ": #nowhere: no such heading in README.md");
  }

  @Test
  void deadLinks_resolvesFromTheLinkingFileAndFollowsGitHubsHeadingRules(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("infra/run.sh"), "#!/bin/sh\n");
    write(
        dir.resolve("README.md"),
        """
        # GKE Upgrade Sentinel

        ## Recommender's quota

        ## The /gke-check slash command

        ### Configuration

        ### `WARM_UP` and the [JVM](https://openjdk.org)

        ### Configuration

        Setext heading
        --------------

        <a id="kept-anchor"></a>

        ```sh
        # Not a heading inside a fence
        ```
        """);
    Path page =
        write(
            dir.resolve("docs/page.md"),
            """
            [quota](../README.md#recommenders-quota), [slash](../README.md#the-gke-check-slash-command),
            [first](../README.md#configuration), [second](../README.md#configuration-1),
            [code](../README.md#warm_up-and-the-jvm), [setext](../README.md#setext-heading),
            [html](../README.md#kept-anchor), [script](../infra/run.sh), [dir](../infra/),
            [titled](../README.md "The README"), [web](https://example.com/missing.md),
            [mail](mailto:someone@example.com), `[code span](not-a-link.md)`,
            [fenced heading](../README.md#not-a-heading-inside-a-fence)

            ```markdown
            [inside a fence](nowhere.md)
            ```
            """);

    assertThat(deadLinks(List.of(page)))
        .containsExactly(
            page + ": ../README.md#not-a-heading-inside-a-fence: no such heading in ../README.md");
  }

  @Test
  void markdownFiles_withoutTheReadme_failsSayingWhereItLooked(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("docs"));

    AssertionError error = assertThrows(AssertionError.class, () -> markdownFiles(dir));

    assertThat(error)
        .hasMessageThat()
        .contains(dir.resolve("README.md").toAbsolutePath().toString());
  }

  @Test
  void markdownFiles_withoutTheDocsFolder_failsSayingWhereItLooked(@TempDir Path dir)
      throws IOException {
    write(dir.resolve("README.md"), "# Readme\n");

    AssertionError error = assertThrows(AssertionError.class, () -> markdownFiles(dir));

    assertThat(error).hasMessageThat().contains(dir.resolve("docs").toAbsolutePath().toString());
  }

  @Test
  void markdownFiles_takesTheReadmeContributingAndEveryDocsPage(@TempDir Path dir)
      throws IOException {
    Path readme = write(dir.resolve("README.md"), "# Readme\n");
    Path contributing = write(dir.resolve("CONTRIBUTING.md"), "# Contributing\n");
    Path page = write(dir.resolve("docs/page.md"), "# Page\n");
    write(dir.resolve("docs/notes.txt"), "not Markdown\n");

    assertThat(markdownFiles(dir)).containsExactly(readme, contributing, page);
  }

  /** Variables the main sources read, through {@code Env} or {@code System.getenv}, in order. */
  static Set<String> variablesRead(Path sourcesRoot) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(sourcesRoot)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path source : sources) {
      String text = Files.readString(source, UTF_8);
      for (Pattern pattern : List.of(ENV_READ, GETENV)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /**
   * The variables in the first column of the page's table whose header starts with {@code |
   * variable |}.
   *
   * @throws AssertionError when the page has no such table
   */
  static Set<String> documentedVariables(Path configurationMd) throws IOException {
    List<String> lines = Files.readAllLines(configurationMd, UTF_8);
    int header = -1;
    for (int i = 0; i < lines.size() && header < 0; i++) {
      if (lines.get(i).strip().toLowerCase(Locale.ROOT).startsWith("| variable |")) {
        header = i;
      }
    }
    if (header < 0) {
      throw new AssertionError(
          "no table whose header starts with '| variable |' in " + configurationMd);
    }
    Set<String> names = new LinkedHashSet<>();
    // The header, then its delimiter row, then one row per line until the table ends.
    for (int i = header + 2; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
      String firstCell = lines.get(i).strip().substring(1).split("\\|", 2)[0];
      Matcher m = CODE_NAME.matcher(firstCell);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** What is read but not documented, and what is documented but no longer read. */
  static List<String> configurationProblems(Path sourcesRoot, Path configurationMd)
      throws IOException {
    Set<String> read = variablesRead(sourcesRoot);
    Set<String> documented = documentedVariables(configurationMd);
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(read)) {
      if (!documented.contains(name)) {
        problems.add(
            name + " is read by the code but missing from the table in " + configurationMd);
      }
    }
    for (String name : new TreeSet<>(documented)) {
      if (!read.contains(name)) {
        problems.add(
            name + " is in the table in " + configurationMd + " but the code no longer reads it");
      }
    }
    return problems;
  }

  /**
   * The README, CONTRIBUTING.md when there is one, and every Markdown page under {@code docs/}.
   *
   * @throws AssertionError naming the path looked at when the README or {@code docs/} is missing
   */
  static List<Path> markdownFiles(Path repositoryRoot) throws IOException {
    Path readme = repositoryRoot.resolve("README.md");
    Path docs = repositoryRoot.resolve("docs");
    requireExists(readme, "the README");
    requireExists(docs, "the docs folder");
    List<Path> files = new ArrayList<>(List.of(readme));
    Path contributing = repositoryRoot.resolve("CONTRIBUTING.md");
    if (Files.isRegularFile(contributing)) {
      files.add(contributing);
    }
    try (Stream<Path> pages = Files.list(docs)) {
      pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /**
   * Every relative link in the files whose target file is missing, or whose {@code #anchor} names
   * no heading of the Markdown file it points into; web and mail links are not followed.
   */
  static List<String> deadLinks(List<Path> markdownFiles) throws IOException {
    Map<Path, Set<String>> anchorsByFile = new HashMap<>();
    List<String> dead = new ArrayList<>();
    for (Path file : markdownFiles) {
      for (String target : linkTargets(file)) {
        if (SCHEME.matcher(target).find()) {
          continue;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked =
            pathPart.isEmpty()
                ? file
                : file.toAbsolutePath()
                    .getParent()
                    .resolve(URLDecoder.decode(pathPart, UTF_8))
                    .normalize();
        String shownPath = pathPart.isEmpty() ? String.valueOf(file.getFileName()) : pathPart;
        if (!Files.exists(linked)) {
          dead.add(file + ": " + target + ": no such file");
        } else if (anchor != null
            && linked.toString().endsWith(".md")
            && !anchorsByFile
                .computeIfAbsent(linked, DocumentationTest::anchorsUnchecked)
                .contains(URLDecoder.decode(anchor, UTF_8).toLowerCase(Locale.ROOT))) {
          dead.add(file + ": " + target + ": no such heading in " + shownPath);
        }
      }
    }
    return dead;
  }

  /** The targets of the file's inline links and link definitions, outside code. */
  private static List<String> linkTargets(Path file) throws IOException {
    List<String> targets = new ArrayList<>();
    for (String line : proseLines(Files.readAllLines(file, UTF_8))) {
      String prose = CODE_SPAN.matcher(line).replaceAll("");
      Matcher definition = LINK_DEFINITION.matcher(prose);
      if (definition.find()) {
        targets.add(unwrap(definition.group(1)));
      }
      Matcher link = INLINE_LINK.matcher(prose);
      while (link.find()) {
        String destination = link.group(1).strip();
        // A link may carry a title after its destination: [text](path "title").
        String target = destination.startsWith("<") ? destination : destination.split("\\s+")[0];
        if (!target.isEmpty()) {
          targets.add(unwrap(target));
        }
      }
    }
    return targets;
  }

  private static String unwrap(String target) {
    return target.startsWith("<") && target.contains(">")
        ? target.substring(1, target.indexOf('>'))
        : target;
  }

  private static Set<String> anchorsUnchecked(Path markdown) {
    try {
      return anchors(markdown);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + markdown, e);
    }
  }

  /**
   * The anchors GitHub gives a page: one per heading (a repeated one gets {@code -1}, {@code -2},
   * ...), and those of HTML {@code <a id>} or {@code <a name>} tags.
   */
  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    List<String> lines = proseLines(Files.readAllLines(markdown, UTF_8));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String heading = null;
      Matcher atx = ATX_HEADING.matcher(line);
      if (atx.matches()) {
        heading = atx.group(1) == null ? "" : CLOSING_HASHES.matcher(atx.group(1)).replaceAll("");
      } else if (i + 1 < lines.size()
          && !line.isBlank()
          && !line.strip().startsWith("|")
          && SETEXT_UNDERLINE.matcher(lines.get(i + 1)).matches()) {
        heading = line.strip();
      }
      if (heading != null) {
        String slug = slug(heading);
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1).toLowerCase(Locale.ROOT));
      }
    }
    return anchors;
  }

  /**
   * GitHub's anchor for a heading: its text (a link's text, not its target), lower case, with
   * everything but letters, digits, spaces, {@code -} and {@code _} removed, and spaces made
   * hyphens.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
        .replace(' ', '-');
  }

  /** The lines outside fenced code blocks; a fenced line becomes blank, keeping the numbering. */
  private static List<String> proseLines(List<String> lines) {
    List<String> prose = new ArrayList<>();
    String fence = null;
    for (String line : lines) {
      Matcher open = FENCE.matcher(line);
      if (fence == null && open.find()) {
        fence = open.group(1);
        prose.add("");
      } else if (fence != null) {
        String stripped = line.strip();
        char fenceChar = fence.charAt(0);
        if (stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fenceChar)) {
          fence = null;
        }
        prose.add("");
      } else {
        prose.add(line);
      }
    }
    return prose;
  }

  private static void requireExists(Path path, String what) {
    if (!Files.exists(path)) {
      throw new AssertionError(
          "cannot find "
              + what
              + " at "
              + path.toAbsolutePath().normalize()
              + ": this test runs from functions/ and checks the repository around it");
    }
  }

  private static String table(String... variables) {
    StringBuilder page =
        new StringBuilder(
            "# Configuration\n\n| variable | default | what it does | read by |\n"
                + "| --- | --- | --- | --- |\n");
    for (String variable : variables) {
      page.append("| `").append(variable).append("` | unset | something | notify |\n");
    }
    return page.toString();
  }

  private static Path write(Path path, String text) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.writeString(path, text, UTF_8);
  }
}
