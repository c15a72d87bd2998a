package dev.upgradesentinel.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The storage size Firestore counts for a value, as its documentation computes it: a string is its
 * UTF-8 bytes plus one, a number, timestamp or reference eight, a boolean or null one, an array the
 * sum of its values, a map the sum of its keys and values; a document its name, its fields and 32
 * bytes. A document may hold 1 MiB (1,048,576 bytes).
 */
final class FirestoreSize {
  /** The most a document may hold. */
  static final int MAX_DOCUMENT = 1_048_576;

  private FirestoreSize() {}

  /** The size of a document at {@code path} (relative to the database's documents). */
  static long document(String path, Map<String, Object> fields) {
    return name(path) + map(fields) + 32;
  }

  /** A document name: each collection and document id as a string, plus 16 bytes. */
  static long name(String path) {
    long size = 16;
    for (String segment : path.split("/")) {
      size += string(segment);
    }
    return size;
  }

  static long value(Object value) {
    if (value == null || value instanceof Boolean) {
      return 1;
    }
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof Number || value instanceof Instant) {
      return 8;
    }
    if (value instanceof List<?> list) {
      long size = 0;
      for (Object item : list) {
        size += value(item);
      }
      return size;
    }
    if (value instanceof Map<?, ?> map) {
      return map(map);
    }
    throw new IllegalArgumentException("not a Firestore value: " + value.getClass().getName());
  }

  private static long map(Map<?, ?> map) {
    long size = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      size += string(String.valueOf(entry.getKey())) + value(entry.getValue());
    }
    return size;
  }

  private static long string(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length + 1L;
  }
}
