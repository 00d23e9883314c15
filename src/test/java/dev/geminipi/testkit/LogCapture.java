package dev.geminipi.testkit;

import dev.geminipi.log.LogEvent;
import dev.geminipi.log.Logs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects every log line (with any stack trace) while open, for assertions on logs. */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AutoCloseable listening;

  private LogCapture() {
    listening = Logs.listen(this::add);
  }

  public static LogCapture open() {
    return new LogCapture();
  }

  private void add(LogEvent e) {
    StringBuilder b = new StringBuilder(e.level() + " [" + e.logger() + "] " + e.message());
    for (Throwable t = e.thrown(); t != null; t = t.getCause()) {
      b.append("\n  ").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    lines.add(b.toString());
  }

  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** Lines at WARN or above. */
  public List<String> warnings() {
    return lines.stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList();
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
