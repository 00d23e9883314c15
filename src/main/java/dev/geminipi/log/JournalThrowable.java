package dev.geminipi.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %jex}: a stack trace (a bug, STYLE 23) with the event's priority prefix on each of its
 * lines when logging to the journal; without it journald would file every line after the first
 * as the stream's default priority, and {@code -p err} would show only the first.
 */
public final class JournalThrowable extends ThrowableProxyConverter {
  private boolean journal;

  @Override
  public void start() {
    journal = Boolean.parseBoolean(getContext().getProperty(JournalPriority.PROPERTY));
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    String trace = super.convert(event);
    if (!journal || trace.isEmpty()) {
      return trace;
    }
    String prefix = JournalPriority.prefix(event.getLevel());
    StringBuilder b = new StringBuilder(trace.length() + 64);
    for (String line : trace.split("\r?\n")) {
      b.append(prefix).append(line).append('\n');
    }
    return b.toString();
  }
}
