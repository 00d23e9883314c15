package dev.geminipi.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** The lines the program writes to the journal and to a terminal, byte for byte. */
class LogFormatTest {
  private static final String LOGGER = "dev.geminipi.conversation.Conversation";

  private static String line(boolean journal, Level level, String message, Throwable t) {
    return LogLine.format(journal, level, LOGGER, message, t);
  }

  /** What {@code logs} writes to standard error while {@code body} runs. */
  private static String stderrOf(Runnable body) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void journal_eachLevelStartsWithItsSyslogPriority() {
    assertEquals("<3>ERROR [Conversation] e\n", line(true, Level.ERROR, "e", null));
    assertEquals("<4>WARN  [Conversation] w\n", line(true, Level.WARN, "w", null));
    assertEquals("<6>INFO  [Conversation] i\n", line(true, Level.INFO, "i", null));
    assertEquals("<7>DEBUG [Conversation] d\n", line(true, Level.DEBUG, "d", null));
    assertEquals("<7>TRACE [Conversation] t\n", line(true, Level.TRACE, "t", null));
  }

  @Test
  void terminal_noPrefix() {
    assertEquals("WARN  [Conversation] w\n", line(false, Level.WARN, "w", null));
  }

  @Test
  void journal_stackTrace_everyLineCarriesTheErrorPriority() {
    String text = line(true, Level.ERROR, "bug",
        new IllegalStateException("broken", new java.io.IOException("cause")));
    assertTrue(text.startsWith("<3>ERROR [Conversation] bug\n<3>java.lang.IllegalStateException: "
        + "broken\n<3>\tat "), text);
    assertTrue(text.contains("\n<3>Caused by: java.io.IOException: cause\n"), text);
    assertTrue(text.lines().allMatch(l -> l.startsWith("<3>")), text);
  }

  @Test
  void controlCharactersInText_cannotForgeALine() {
    String forged = "you: hi\n<3>ERROR [Daemon] forged\r\u001b[2J\u0085\u2028end";
    assertEquals("<6>INFO  [Conversation] you: hi\\n<3>ERROR [Daemon] forged\\r\\x1b[2J\\x85"
        + "\\u2028end\n", line(true, Level.INFO, forged, null));
  }

  @Test
  void escape_plainTextIsUntouched() {
    String plain = "gemini: It is noon. Ünïcode and \"quotes\" stay";
    assertTrue(plain == EscapedMessage.escape(plain));
    assertEquals("a\\tb\\x7f", EscapedMessage.escape("a\tb\u007f"));
  }

  @Test
  void logger_formatsArgumentsAndTakesATrailingThrowableAsTheEvents() {
    Logger log = new Logs("info", "System.err", "true").getLogger(LOGGER);
    String out = stderrOf(() -> {
      log.info("{} -> {} ({})", "idle", "connecting", "trigger");
      log.warn("lost {}", "link", new java.io.IOException("reset"));
      log.debug("not at info");
    });
    assertTrue(out.startsWith("<6>INFO  [Conversation] idle -> connecting (trigger)\n"
        + "<4>WARN  [Conversation] lost link\n<4>java.io.IOException: reset\n"), out);
    assertFalse(out.contains("not at info"), out);
  }

  @Test
  void levels_ourLoggersFollowTheLevel_librariesKeepTheirOwn() {
    Logs debug = new Logs("debug", "System.err", "false");
    assertTrue(debug.getLogger(LOGGER).isDebugEnabled());
    assertFalse(debug.getLogger(LOGGER).isTraceEnabled());
    // Pi4J and Java-WebSocket at WARN whatever --log-level says; board detection off
    assertFalse(debug.getLogger("com.pi4j.Pi4J").isInfoEnabled());
    assertTrue(debug.getLogger("com.pi4j.Pi4J").isWarnEnabled());
    assertFalse(debug.getLogger("com.pi4j.boardinfo.util.BoardInfoHelper").isErrorEnabled());
    assertFalse(debug.getLogger("com.pi4j.provider.impl.DefaultRuntimeProviders")
        .isErrorEnabled());
    assertTrue(debug.getLogger("com.pi4j.provider.impl.DefaultRuntimeProvidersX")
        .isWarnEnabled());
    assertFalse(debug.getLogger("org.java_websocket.client.WebSocketClient").isInfoEnabled());
    Logs error = new Logs("ERROR", "System.err", null);
    assertFalse(error.getLogger(LOGGER).isWarnEnabled());
    assertTrue(error.getLogger(LOGGER).isErrorEnabled());
    assertTrue(new Logs(null, null, null).getLogger(LOGGER).isInfoEnabled());
    assertFalse(new Logs(null, null, null).getLogger(LOGGER).isDebugEnabled());
  }

  @Test
  void target_theDaemonWritesToStdout_commandsToStderr() {
    Logger daemon = new Logs("info", "System.out", "false").getLogger(LOGGER);
    assertEquals("", stderrOf(() -> daemon.info("to stdout")));
    Logger command = new Logs("info", "System.err", "false").getLogger(LOGGER);
    assertEquals("INFO  [Conversation] to stderr\n", stderrOf(() -> command.info("to stderr")));
  }
}
