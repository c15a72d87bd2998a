package dev.upgradesentinel.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Pub/Sub message ids this instance finished handling, newest last, so that a redelivery to the
 * same instance is recognised without posting again. Bounded; per instance and not durable.
 */
public final class RecentMessages {
  private final Map<String, Boolean> done;

  public RecentMessages(int capacity) {
    this.done =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized boolean isDone(String messageId) {
    return done.containsKey(messageId);
  }

  public synchronized void markDone(String messageId) {
    done.put(messageId, Boolean.TRUE);
  }
}
