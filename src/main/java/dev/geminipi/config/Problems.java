package dev.geminipi.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every error and warning of one load, so the user sees them all at once (STYLE 21). */
final class Problems {
  private final List<String> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  void error(String path, String message) {
    errors.add(path + ": " + message);
  }

  void warn(String path, String message) {
    warnings.add(path + ": " + message);
  }

  int errorCount() {
    return errors.size();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }
}
