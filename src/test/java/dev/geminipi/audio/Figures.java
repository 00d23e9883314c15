package dev.geminipi.audio;

// Measured figures (correlations, durations) printed with the test output, so a CI log shows how far
// inside its bound each audio test passed, not only that it did.
final class Figures {

  private Figures() {
  }

  static void report(String format, Object... args) {
    System.out.println("[figures] " + String.format(java.util.Locale.ROOT, format, args));
  }
}
