package dev.geminipi.cli;

import dev.geminipi.config.Config;
import dev.geminipi.control.ControlServer;
import dev.geminipi.gpio.Resting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gemini-pi rest}: every declared output to its resting level, then exit. systemd runs
 * it as the unit's {@code ExecStopPost=}, after every end of the daemon: a clean stop, a crash,
 * SIGKILL, the OOM killer, a watchdog abort. It opens nothing but GPIO (no audio, network or
 * ONNX), so it is done in about a second. Its lines are public surface: one audit line per
 * output, in the daemon's audit format, then one summary that says why the daemon ended.
 */
final class RestCommand {
  /** Printed after the config's own errors. */
  static final String CONFIG_REFUSED = "gemini-pi rest: nothing rested: the config cannot be "
      + "read; fix it, then run gemini-pi rest again";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  RestCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  boolean run(Config config) {
    Optional<String> other = ControlServer.inUse(Path.of(config.control().socket()));
    if (other.isPresent()) {
      err.println("gemini-pi rest: " + other.get() + "; it holds the pins and rests them "
          + "when it stops: sudo systemctl stop gemini-pi");
      return false;
    }
    List<Resting.Outcome> outcomes = Resting.restAll(config);
    long failed = 0;
    for (Resting.Outcome o : outcomes) {
      out.println(auditLine(o));
      failed += o.atRest() ? 0 : 1;
    }
    String after = ServiceResult.describe(env).map(r -> " after the daemon " + r).orElse("");
    if (failed == 0) {
      out.println("gemini-pi rest: " + count(outcomes.size()) + " at rest" + after);
      return true;
    }
    out.println("gemini-pi rest: " + count((int) failed) + " NOT at rest" + after
        + "; see the lines above");
    return false;
  }

  /** The daemon's audit format (tools/Audit), so one grep shows a pin's whole history. */
  private static String auditLine(Resting.Outcome o) {
    String who = o.name().equals("status LED") ? "led" : "tool=" + o.name() + " args=rest";
    return who + " pin=" + o.pin() + " level=" + o.level() + " result="
        + (o.atRest() ? "at rest" : "not rested: " + o.problem());
  }

  private static String count(int n) {
    return n == 1 ? "1 output" : n + " outputs";
  }
}
