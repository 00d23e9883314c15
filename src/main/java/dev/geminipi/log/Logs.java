package dev.geminipi.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The program's logging (docs/logging.md): every SLF4J logger, its level, and where lines go.
 * Main sets three system properties before the first logger is made, and they hold for the
 * life of the process: {@value #LEVEL} (the level of our own loggers, from {@code --log-level};
 * INFO if unset), {@value #TARGET} ({@code System.out} for the daemon, so journald reads it;
 * {@code System.err} for the other commands) and {@value #JOURNAL} ("true" when the output is
 * the journal: lines then start with their syslog priority). The libraries' own loggers have
 * fixed levels: Pi4J logs board detection errors off a Pi and a stack trace per provider that
 * cannot start (gpio.Gpio and {@code check} say it once, in words, with the fix), Java-WebSocket
 * its frames.
 */
public final class Logs implements ILoggerFactory {
  public static final String LEVEL = "gemini-pi.log.level";
  public static final String TARGET = "gemini-pi.log.target";
  public static final String JOURNAL = "gemini-pi.log.journal";

  private static final int OFF = Level.ERROR.toInt() + 10;
  /** Longest prefix wins; a name is a prefix of itself and of names under it. */
  private static final Map<String, Integer> LIBRARIES = Map.of(
      "com.pi4j", Level.WARN.toInt(),
      "com.pi4j.boardinfo", OFF,
      "com.pi4j.provider.impl.DefaultRuntimeProviders", OFF,
      "org.java_websocket", Level.WARN.toInt());

  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final List<Consumer<LogEvent>> listeners = new CopyOnWriteArrayList<>();
  private final int threshold;
  private final boolean stderr;
  private final boolean journal;

  Logs(String level, String target, String journal) {
    this.threshold = threshold(level);
    this.stderr = "System.err".equals(target);
    this.journal = Boolean.parseBoolean(journal);
  }

  static Logs fromSystemProperties() {
    return new Logs(System.getProperty(LEVEL), System.getProperty(TARGET),
        System.getProperty(JOURNAL));
  }

  /**
   * Hands {@code listener} every event that passes its logger's level until the returned handle
   * is closed, besides writing it; tests read the daemon's log this way.
   */
  public static AutoCloseable listen(Consumer<LogEvent> listener) {
    Logs logs = (Logs) LoggerFactory.getILoggerFactory();
    logs.listeners.add(listener);
    return () -> logs.listeners.remove(listener);
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, n -> new LineLogger(n, thresholdOf(n), this));
  }

  private int thresholdOf(String name) {
    String best = "";
    for (String prefix : LIBRARIES.keySet()) {
      boolean under = name.equals(prefix) || name.startsWith(prefix + ".");
      if (under && prefix.length() > best.length()) {
        best = prefix;
      }
    }
    return best.isEmpty() ? threshold : LIBRARIES.get(best);
  }

  void write(LogEvent event) {
    byte[] line = LogLine.format(journal, event.level(), event.logger(), event.message(),
        event.thrown()).getBytes(StandardCharsets.UTF_8);
    PrintStream out = stderr ? System.err : System.out; // as they are now: tests may swap them
    synchronized (this) {
      out.write(line, 0, line.length);
      out.flush();
    }
    for (Consumer<LogEvent> l : listeners) {
      l.accept(event);
    }
  }

  private static int threshold(String level) {
    if (level == null) {
      return Level.INFO.toInt();
    }
    return switch (level.toLowerCase(Locale.ROOT)) { // Cli.LEVELS; Cli refuses any other
      case "trace" -> Level.TRACE.toInt();
      case "debug" -> Level.DEBUG.toInt();
      case "warn" -> Level.WARN.toInt();
      case "error" -> Level.ERROR.toInt();
      default -> Level.INFO.toInt();
    };
  }
}
