package dev.geminipi.cli;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.control.ControlClient;
import java.io.PrintStream;
import java.nio.file.Path;

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

  int run(Path socket, JsonObject request, boolean json) {
    JsonObject answer;
    try {
      answer = ControlClient.ask(socket, request);
    } catch (ControlClient.Unreachable e) {
      err.println("error: " + e.getMessage());
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
