package dev.geminipi.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger whose level is fixed when it is made and whose events go to {@link Logs}. */
final class LineLogger extends LegacyAbstractLogger {
  private final int threshold; // Level.toInt() of the lowest level logged; above ERROR: off
  private final Logs logs;

  LineLogger(String name, int threshold, Logs logs) {
    this.name = name;
    this.threshold = threshold;
    this.logs = logs;
  }

  @Override
  public boolean isTraceEnabled() {
    return threshold <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return threshold <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return threshold <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return threshold <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return threshold <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
      Object[] args, Throwable thrown) {
    // A Throwable after the last placeholder's argument is the event's, as SLF4J documents.
    FormattingTuple t = MessageFormatter.arrayFormat(pattern, args);
    logs.write(new LogEvent(level, name, t.getMessage() == null ? "null" : t.getMessage(),
        thrown != null ? thrown : t.getThrowable()));
  }
}
