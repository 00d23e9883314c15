package dev.geminipi.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The product's logback.xml (not the tests' one), loaded into a context of its own: the lines
 * it writes to the journal and to a terminal, byte for byte.
 */
class LogFormatTest {
  private static String encode(boolean journal, Level level, String message, Throwable t)
      throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty(JournalPriority.PROPERTY, Boolean.toString(journal));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    Logger logger = context.getLogger("dev.geminipi.conversation.Conversation");
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>)
        context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, message, t, null);
    try {
      return new String(appender.getEncoder().encode(e), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }

  @Test
  void journal_eachLevelStartsWithItsSyslogPriority() throws Exception {
    assertEquals("<3>ERROR [Conversation] e\n", encode(true, Level.ERROR, "e", null));
    assertEquals("<4>WARN  [Conversation] w\n", encode(true, Level.WARN, "w", null));
    assertEquals("<6>INFO  [Conversation] i\n", encode(true, Level.INFO, "i", null));
    assertEquals("<7>DEBUG [Conversation] d\n", encode(true, Level.DEBUG, "d", null));
  }

  @Test
  void terminal_noPrefix() throws Exception {
    assertEquals("WARN  [Conversation] w\n", encode(false, Level.WARN, "w", null));
  }

  @Test
  void journal_stackTrace_everyLineCarriesTheErrorPriority() throws Exception {
    String text = encode(true, Level.ERROR, "bug", new IllegalStateException("broken"));
    assertTrue(text.startsWith("<3>ERROR [Conversation] bug\n<3>java.lang.IllegalStateException: "
        + "broken\n<3>\tat "), text);
    assertTrue(text.lines().allMatch(l -> l.startsWith("<3>")), text);
  }

  @Test
  void controlCharactersInText_cannotForgeALine() throws Exception {
    String forged = "you: hi\n<3>ERROR [Daemon] forged\r\u001b[2J\u0085\u2028end";
    assertEquals("<6>INFO  [Conversation] you: hi\\n<3>ERROR [Daemon] forged\\r\\x1b[2J\\x85"
        + "\\u2028end\n", encode(true, Level.INFO, forged, null));
  }

  @Test
  void escape_plainTextIsUntouched() {
    String plain = "gemini: It is noon. Ünïcode and \"quotes\" stay";
    assertTrue(plain == EscapedMessage.escape(plain));
    assertEquals("a\\tb\\x7f", EscapedMessage.escape("a\tb\u007f"));
  }
}
