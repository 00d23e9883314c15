package dev.geminipi.cli;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.control.ControlClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code talk}, {@code say TEXT}, {@code hangup} and {@code status}: one request to the
 * running daemon, the answer in plain words (or as the raw JSON line with {@code --json}).
 */
final class ClientCommands {
  private final PrintStream out;
  private final PrintStream err;

  ClientCommands(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** @param hint a line for when no daemon answers; empty for none */
  int run(Path socket, JsonObject request, boolean json, String hint) {
    JsonObject answer;
    try {
      answer = ControlClient.ask(socket, request);
    } catch (ControlClient.Unreachable e) {
      err.println("error: " + e.getMessage());
      if (!hint.isEmpty()) {
        err.println(hint);
      }
      return Cli.FAILED;
    }
    if (json) {
      out.println(answer);
      return answer.getBoolean("ok", false) ? Cli.OK : Cli.FAILED;
    }
    if (!answer.getBoolean("ok", false)) {
      err.println("error: " + answer.getString("error", "the daemon refused without a reason"));
      return Cli.FAILED;
    }
    if (request.getString("cmd", "").equals("status")) {
      printStatus(answer);
    } else {
      out.println(answer.getString("state", "ok"));
    }
    return Cli.OK;
  }

  /**
   * A press, then the daemon's state until the conversation listens or has failed: a script
   * that runs {@code talk} learns from the exit status whether anyone is listening. The daemon
   * gives up on a service it cannot reach after a few attempts, so the wait is bounded by that;
   * {@code timeoutSec} bounds it against a daemon that hangs.
   */
  int talk(Path socket, int timeoutSec) {
    JsonObject answer;
    try {
      answer = ControlClient.ask(socket, new JsonObject().add("cmd", "talk"));
      if (!answer.getBoolean("ok", false)) {
        err.println("error: " + answer.getString("error", "the daemon refused without a reason"));
        return Cli.FAILED;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSec);
      while (WAITING.contains(answer.getString("state", ""))) {
        if (System.nanoTime() - deadline > 0) {
          err.println("error: still " + answer.getString("state", "") + " after " + timeoutSec
              + " s; 'gemini-pi status' shows more");
          return Cli.FAILED;
        }
        // The control socket answers requests and sends no events: ask again shortly.
        Thread.sleep(POLL_MS);
        answer = ControlClient.ask(socket, new JsonObject().add("cmd", "status"));
      }
    } catch (ControlClient.Unreachable e) {
      err.println("error: " + e.getMessage());
      return Cli.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.FAILED;
    }
    String state = answer.getString("state", "");
    String lastError = answer.getString("lastError", "");
    if (!lastError.isEmpty() && (state.equals("idle") || state.equals("error"))) {
      // Public surface: scripts and the e2e tests match on it.
      err.println("error: the conversation could not start: " + lastError);
      return Cli.FAILED;
    }
    out.println(state);
    return Cli.OK;
  }

  /** States in which a conversation is on its way to listening. */
  private static final java.util.Set<String> WAITING = java.util.Set.of("connecting", "offline");
  private static final long POLL_MS = 100;

  private void printStatus(JsonObject s) {
    out.println("state: " + s.getString("state", "?"));
    boolean connected = s.getBoolean("connected", false);
    String session = s.getString("sessionId", "");
    out.println("connected: " + (connected ? "yes" : "no")
        + (session.isEmpty() ? "" : " (session " + session + ")"));
    out.println("uptime: " + duration(s.getLong("uptimeSec", 0)));
    String lastError = s.getString("lastError", "");
    out.println("last error: " + (lastError.isEmpty() ? "none" : lastError));
    JsonValue outputs = s.get("outputs");
    if (outputs != null && outputs.isObject() && !outputs.asObject().isEmpty()) {
      out.println("outputs:");
      for (JsonObject.Member m : outputs.asObject()) {
        JsonObject o = m.getValue().asObject();
        String level = o.get("percent") != null ? o.get("percent") + " %"
            : o.getBoolean("on", false) ? "on" : "off";
        out.printf("  %-20s GPIO %-3d %s%n", m.getName(), o.getInt("pin", -1), level);
      }
    }
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
    return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
  }
}
