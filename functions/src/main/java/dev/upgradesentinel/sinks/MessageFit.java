package dev.upgradesentinel.sinks;

import dev.upgradesentinel.guidance.Block;
import dev.upgradesentinel.guidance.Message;
import dev.upgradesentinel.guidance.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Shortens guidance until a sink's rendering of it fits that service's limits, keeping what a
 * reader acts on.
 *
 * <p>What grows with a cluster is its lists (one item per Docker-based node pool, with its
 * command), so they give way first, the longest first: a list keeps as many items in full as fit
 * and is followed by a summary that counts the rest and names them. Only when the lists at their
 * shortest still do not fit are the last blocks of the message left out, with a note that says so;
 * the lists then grow back into the room that freed. A reader therefore always sees which pools to
 * migrate, and the commands for the first of them.
 */
public final class MessageFit {
  /** The items a shortened list keeps in full, at least, so its commands can be read. */
  static final int MIN_ITEMS = 3;

  /** The most characters the names in a list's summary take; past it the names end in "…". */
  static final int MAX_SUMMARY_NAMES = 1_500;

  private MessageFit() {}

  /**
   * The longest form of the message that {@code fits} accepts.
   *
   * @param fits whether a sink's rendering of a message is within its service's limits; it may be
   *     called many times, with shorter and shorter forms
   * @param leftOutNote the note that ends a message whose last blocks had to be left out
   * @return the message itself when it fits; otherwise a form of it that fits, or, when nothing
   *     past the title fits, the title and the note alone
   */
  public static Message fit(Message message, Predicate<Message> fits, String leftOutNote) {
    if (fits.test(message)) {
      return message;
    }
    List<Block> blocks = message.blocks();
    List<Integer> lists =
        IntStream.range(0, blocks.size())
            .filter(i -> blocks.get(i) instanceof Block.BulletList list && list.items().size() > 1)
            .boxed()
            .sorted(Comparator.comparingInt((Integer i) -> size(blocks.get(i))).reversed())
            .toList();
    Shape shape = new Shape(message, leftOutNote);
    for (int i : lists) {
      shape.keep.put(i, Math.min(MIN_ITEMS, size(blocks.get(i))));
    }
    // Lists at their shortest; then leave out the last blocks until what is left fits.
    while (!fits.test(shape.build()) && shape.end > 0) {
      shape.end--;
      shape.keep.remove(shape.end);
    }
    // Grow each list back into the room there is, the longest first.
    for (int i : lists) {
      if (i >= shape.end) {
        continue;
      }
      int low = shape.keep.get(i);
      int high = size(blocks.get(i));
      while (low < high) {
        int mid = (low + high + 1) >>> 1;
        shape.keep.put(i, mid);
        if (fits.test(shape.build())) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      shape.keep.put(i, low);
    }
    return shape.build();
  }

  private static int size(Block block) {
    return ((Block.BulletList) block).items().size();
  }

  /** A shortened form: how many items each list keeps, and where the message is cut. */
  private static final class Shape {
    final Message message;
    final String leftOutNote;
    final Map<Integer, Integer> keep = new HashMap<>();
    int end;

    Shape(Message message, String leftOutNote) {
      this.message = message;
      this.leftOutNote = leftOutNote;
      this.end = message.blocks().size();
    }

    Message build() {
      List<Block> out = new ArrayList<>();
      for (int i = 0; i < end; i++) {
        Block block = message.blocks().get(i);
        Integer k = keep.get(i);
        if (k == null || k >= size(block)) {
          out.add(block);
        } else {
          out.addAll(shortened((Block.BulletList) block, k));
        }
      }
      if (end < message.blocks().size()) {
        out.add(Block.Paragraph.of(Span.text(leftOutNote)));
      }
      return new Message(message.title(), message.verdict(), out);
    }
  }

  /**
   * The list's first {@code k} items, then a paragraph that counts the others and names them by
   * their short names.
   */
  static List<Block> shortened(Block.BulletList list, int k) {
    List<Block.Item> rest = list.items().subList(k, list.items().size());
    String note = list.overflowNote().isEmpty() ? "%d more:" : list.overflowNote();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < rest.size(); i++) {
      String name = rest.get(i).shortName() + (i < rest.size() - 1 ? ", " : "");
      if (names.length() + name.length() > MAX_SUMMARY_NAMES) {
        names.append('…');
        break;
      }
      names.append(name);
    }
    List<Block> blocks = new ArrayList<>();
    if (k > 0) {
      blocks.add(new Block.BulletList(list.items().subList(0, k), list.overflowNote()));
    }
    blocks.add(
        Block.Paragraph.of(
            Span.text(String.format(Locale.ROOT, note, rest.size()) + "\n" + names)));
    return blocks;
  }
}
