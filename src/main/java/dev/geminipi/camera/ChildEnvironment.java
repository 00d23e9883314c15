package dev.geminipi.camera;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment a child process gets: the daemon's, without the variables that hold the API
 * key. A camera program has no use for the key, and anything it runs (a script, a plugin)
 * could print or send it (issue 13, point 6).
 */
final class ChildEnvironment {
  /** Read by Google's own tools as well; removed even when the config names another one. */
  static final Set<String> ALWAYS_HIDDEN = Set.of("GEMINI_API_KEY", "GOOGLE_API_KEY");

  private ChildEnvironment() {
  }

  /** {@link #ALWAYS_HIDDEN} and {@code apiKeyEnv}, the variable gemini.apiKeyEnv names. */
  static Set<String> hidden(String apiKeyEnv) {
    Set<String> names = new TreeSet<>(ALWAYS_HIDDEN);
    if (!apiKeyEnv.isEmpty()) {
      names.add(apiKeyEnv);
    }
    return Set.copyOf(names);
  }

  /** Removes the hidden variables from {@code environment}, a ProcessBuilder's map. */
  static void scrub(Map<String, String> environment, Set<String> hidden) {
    environment.keySet().removeAll(hidden);
  }
}
