package dev.geminipi.daemon;

import dev.geminipi.tools.ToolState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where gemini-pi keeps what must outlive a restart: systemd's {@code StateDirectory=}
 * (/var/lib/gemini-pi, passed as STATE_DIRECTORY), else the XDG state directory of the user
 * running it (desktop mode: ~/.local/state/gemini-pi). Tests point STATE_DIRECTORY at a
 * temporary directory.
 */
final class StatePaths {
  static final String TOOLS_FILE = "tools.json";

  private static final Logger log = LoggerFactory.getLogger(StatePaths.class);

  private StatePaths() {
  }

  static Optional<Path> directory(Map<String, String> env) {
    String systemd = env.get("STATE_DIRECTORY");
    if (systemd != null && !systemd.isBlank()) {
      // systemd separates several StateDirectory= entries with ':'; ours is the first.
      return Optional.of(Path.of(systemd.split(":")[0]));
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "gemini-pi"));
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home, ".local", "state", "gemini-pi"));
    }
    return Optional.empty();
  }

  /** minIntervalSec's and maxOnSec's memory, from the state directory when there is one. */
  static ToolState toolState(Map<String, String> env) {
    Optional<Path> dir = directory(env);
    if (dir.isEmpty()) {
      log.warn("no state directory (STATE_DIRECTORY, XDG_STATE_HOME and HOME are unset): "
          + "minIntervalSec holds until gemini-pi stops, not across a restart");
      return ToolState.inMemory(System::nanoTime);
    }
    return ToolState.load(dir.get().resolve(TOOLS_FILE), System::nanoTime,
        System::currentTimeMillis);
  }
}
