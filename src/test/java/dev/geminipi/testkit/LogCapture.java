package dev.geminipi.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects every log line (with any stack trace) while open, for assertions on logs. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

  public static LogCapture open() {
    LogCapture c = new LogCapture();
    c.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    c.start();
    root().addAppender(c);
    return c;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  protected void append(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(e.getLevel() + " [" + e.getLoggerName() + "] "
        + e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
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
    root().detachAppender(this);
    stop();
  }
}
