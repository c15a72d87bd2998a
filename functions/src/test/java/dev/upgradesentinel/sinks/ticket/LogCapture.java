package dev.upgradesentinel.sinks.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects what the product logs during one test, so tests can assert on levels and words. */
public final class LogCapture extends Handler {
  // Held in a field: java.util.logging keeps loggers only weakly.
  private final Logger productLogger = Logger.getLogger("dev.upgradesentinel");
  private final List<LogRecord> records = new ArrayList<>();

  public LogCapture start() {
    setLevel(Level.ALL);
    productLogger.addHandler(this);
    return this;
  }

  public void stop() {
    productLogger.removeHandler(this);
  }

  /** Every record, formatted as a log line would be, message and parameters resolved. */
  public List<String> lines() {
    SimpleFormatter formatter = new SimpleFormatter();
    return records.stream().map(formatter::format).toList();
  }

  public List<String> messages(Level level) {
    return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
