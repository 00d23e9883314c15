package dev.geminipi.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %prio}: the syslog priority prefix journald reads from the start of a line
 * ({@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug), so that
 * {@code journalctl -u gemini-pi -p warning} shows warnings and errors only. journald strips the
 * prefix (docs/logging.md). Empty unless the context property {@value #PROPERTY} is "true":
 * on a terminal the prefix would only be noise.
 */
public final class JournalPriority extends ClassicConverter {
  /** Set by the logging config from {@code gemini-pi.log.journal}, which Main sets. */
  public static final String PROPERTY = "gemini-pi.log.journal";

  private boolean journal;

  @Override
  public void start() {
    journal = Boolean.parseBoolean(getContext().getProperty(PROPERTY));
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    return journal ? prefix(event.getLevel()) : "";
  }

  static String prefix(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
