package dev.geminipi;

import dev.geminipi.cli.Cli;
import dev.geminipi.log.Logs;

/** The {@code gemini-pi} command: see {@code gemini-pi --help}. */
public final class Main {
  private Main() {
  }

  /** A yes/no question on the terminal; false without one (a pipe, systemd, a script). */
  private static boolean confirm(String question) {
    java.io.Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return false;
    }
    String answer = console.readLine("%s", question);
    return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
  }

  /**
   * From JDK 22 {@code System.console()} may exist without a terminal and says so through
   * {@code isTerminal()}, which Java 21 lacks: on 21 a console is always a terminal.
   */
  private static boolean isTerminal(java.io.Console console) {
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static final String JNA_SEARCH_PATH = "jna.platform.library.path";

  public static void main(String[] args) {
    // Before any logger exists: every command but "run" logs to stderr, so stdout stays
    // clean for transcripts and --json output; the daemon logs to stdout for journald.
    boolean daemon = args.length > 0 && args[0].equals("run");
    System.setProperty(Logs.TARGET, daemon ? "System.out" : "System.err");
    if (System.getProperty(Logs.LEVEL) == null) {
      System.setProperty(Logs.LEVEL, Cli.logLevel(args));
    }
    String journal = System.getenv("JOURNAL_STREAM");
    if (journal != null && !journal.isEmpty()) {
      // Set only when stdout or stderr is the journal: lines then carry their priority.
      System.setProperty(Logs.JOURNAL, "true");
    }
    System.setProperty("java.awt.headless", "true");
    // JNA (sd_notify; Pi4J's linuxfs) loads its libraries by soname, which the dynamic loader
    // finds. Without this JNA builds a search path at its first use by running
    // `/sbin/ldconfig -p`, a process at every start: 25-40 ms of READY=1 here (BENCHMARKS.md).
    if (System.getProperty(JNA_SEARCH_PATH) == null) {
      System.setProperty(JNA_SEARCH_PATH, "");
    }
    int code = new Cli(System.out, System.err, System.getenv(), Main::confirm).run(args);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
