package dev.geminipi.config;

/**
 * The {@code log} section.
 *
 * @param transcripts write what the user and the model said to the journal; off by default,
 *     because it is private speech and the journal keeps it for weeks
 */
public record LogConfig(boolean transcripts) {
  public static LogConfig defaults() {
    return new LogConfig(false);
  }
}
