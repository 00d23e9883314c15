package dev.geminipi.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.event.Level;

/**
 * How one event is written: {@code INFO  [Conversation] message}, one line, with the syslog
 * priority journald reads in front when the output is the journal ({@code <3>} error,
 * {@code <4>} warning, {@code <6>} info, {@code <7>} debug; journald strips it, docs/logging.md).
 * A stack trace (a bug, STYLE 23) follows on lines of its own, each with the same priority:
 * without it journald would file them under the stream's default, and {@code -p err} would show
 * the first line only.
 */
public final class LogLine {
  private LogLine() {}

  /** The text to write for one event, ending in a newline. */
  public static String format(boolean journal, Level level, String logger, String message,
      Throwable thrown) {
    String prefix = journal ? priority(level) : "";
    StringBuilder b = new StringBuilder(message.length() + 40).append(prefix);
    String name = level.name();
    b.append(name).repeat(' ', 5 - name.length());
    b.append(" [").append(logger, logger.lastIndexOf('.') + 1, logger.length()).append("] ");
    b.append(EscapedMessage.escape(message)).append('\n');
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      trace.toString().lines().forEach(l -> b.append(prefix).append(l).append('\n'));
    }
    return b.toString();
  }

  static String priority(Level level) {
    return switch (level) {
      case ERROR -> "<3>";
      case WARN -> "<4>";
      case INFO -> "<6>";
      case DEBUG, TRACE -> "<7>";
    };
  }
}
