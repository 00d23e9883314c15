package dev.geminipi.daemon;

/** A conversation of the soak did not go as scripted; the message says what and where. */
final class SoakFailure extends RuntimeException {
  SoakFailure(String message) {
    super(message);
  }
}
