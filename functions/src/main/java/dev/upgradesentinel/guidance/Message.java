package dev.upgradesentinel.guidance;

import dev.upgradesentinel.assess.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * The guidance for one assessment, in one language, as structured text that each sink renders in
 * its own markup.
 *
 * @param title one line that says what happened and to which cluster
 * @param verdict the verdict the guidance is about, for sinks that style or route by it
 * @param blocks the body, in reading order
 */
public record Message(String title, Verdict verdict, List<Block> blocks) {
  public Message {
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(verdict, "verdict == null");
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks == null"));
  }

  /** One line that says what happened, for notifications and log lines: the title. */
  public String summary() {
    return title;
  }

  /** The whole guidance as plain text: the title, then each block after a blank line. */
  public String plainText() {
    StringBuilder text = new StringBuilder(title);
    for (Block block : blocks) {
      text.append("\n\n").append(block.plainText());
    }
    return text.toString();
  }
}
