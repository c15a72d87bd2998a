package dev.upgradesentinel.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects what the product logs while open, formatted as Cloud Logging would show it. */
public final class LogCapture implements AutoCloseable {
  // Held in a field: java.util.logging keeps loggers only weakly.
  private final Logger product = Logger.getLogger("dev.upgradesentinel");
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public LogCapture() {
    handler.setLevel(Level.ALL);
    product.addHandler(handler);
  }

  /** Every record so far, message and thrown exception chain included. */
  public synchronized String text() {
    SimpleFormatter formatter = new SimpleFormatter();
    StringBuilder out = new StringBuilder();
    records.forEach(r -> out.append(r.getLevel()).append(' ').append(formatter.format(r)));
    return out.toString();
  }

  /** The messages logged at SEVERE. */
  public synchronized List<String> severe() {
    return records.stream()
        .filter(r -> r.getLevel() == Level.SEVERE)
        .map(LogRecord::getMessage)
        .toList();
  }

  @Override
  public void close() {
    product.removeHandler(handler);
  }
}
