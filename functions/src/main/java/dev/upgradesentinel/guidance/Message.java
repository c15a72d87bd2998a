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
 * @param summaryBlocks how many of the first blocks make a summary that stands on its own, which a
 *     sink that threads may post first and follow with the rest as a reply; all of them when the
 *     message has no such split
 * @param detailTitle the title of the rest when it is posted as a reply; empty without a split
 */
public record Message(
    String title, Verdict verdict, List<Block> blocks, int summaryBlocks, String detailTitle) {
  public Message {
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(verdict, "verdict == null");
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks == null"));
    Objects.requireNonNull(detailTitle, "detailTitle == null");
    if (summaryBlocks < 0 || summaryBlocks > blocks.size()) {
      throw new IllegalArgumentException(
          "summaryBlocks " + summaryBlocks + " outside 0.." + blocks.size());
    }
  }

  /** A message without a summary of its own: every sink gets it whole. */
  public Message(String title, Verdict verdict, List<Block> blocks) {
    this(title, verdict, blocks, blocks.size(), "");
  }

  /** Whether a sink that threads may post the summary first and the rest as a reply. */
  public boolean hasDetail() {
    return summaryBlocks > 0 && summaryBlocks < blocks.size();
  }

  /** The summary alone: the title and the first {@code summaryBlocks} blocks. */
  public Message summaryPart() {
    return new Message(title, verdict, blocks.subList(0, summaryBlocks));
  }

  /** The rest, for the reply under the summary. */
  public Message detailPart() {
    return new Message(detailTitle, verdict, blocks.subList(summaryBlocks, blocks.size()));
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
