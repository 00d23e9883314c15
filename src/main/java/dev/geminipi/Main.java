package dev.geminipi;

import dev.geminipi.cli.Cli;

/** The {@code gemini-pi} command: see {@code gemini-pi --help}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    // Before any logger exists: every command but "run" logs to stderr, so stdout stays
    // clean for transcripts and --json output; the daemon logs to stdout for journald.
    boolean daemon = args.length > 0 && args[0].equals("run");
    System.setProperty("gemini-pi.log.target", daemon ? "System.out" : "System.err");
    if (!daemon && System.getProperty("gemini-pi.log.level") == null) {
      // check prints each problem as a ✗ line; the parts' own warnings would say it twice.
      boolean check = args.length > 0 && args[0].equals("check");
      System.setProperty("gemini-pi.log.level", check ? "ERROR" : "WARN");
    }
    System.setProperty("java.awt.headless", "true");
    int code = new Cli(System.out, System.err, System.getenv()).run(args);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
