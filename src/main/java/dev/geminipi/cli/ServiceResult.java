package dev.geminipi.cli;

import java.util.Map;
import java.util.Optional;

/**
 * How the daemon ended, from the variables systemd gives {@code ExecStopPost=} commands
 * (systemd.exec(5), "Environment variables in spawned processes": SERVICE_RESULT, EXIT_CODE,
 * EXIT_STATUS), in words for the journal. Empty outside systemd.
 */
final class ServiceResult {
  private ServiceResult() {
  }

  static Optional<String> describe(Map<String, String> env) {
    String result = env.get("SERVICE_RESULT");
    if (result == null || result.isEmpty()) {
      return Optional.empty();
    }
    String status = env.getOrDefault("EXIT_STATUS", "?");
    String how = switch (env.getOrDefault("EXIT_CODE", "")) {
      case "exited" -> "exited with status " + status;
      case "killed" -> "was killed by signal " + status;
      case "dumped" -> "was killed by signal " + status + " (core dumps are off)";
      default -> "ended";
    };
    return Optional.of(switch (result) {
      case "success" -> "stopped cleanly";
      case "watchdog" -> "stopped feeding the watchdog and " + how;
      case "oom-kill" -> "ran out of memory (MemoryMax=) and " + how;
      case "timeout" -> "timed out and " + how;
      default -> how + " (" + result + ")";
    });
  }
}
