package dev.geminipi.audio;

// Waits between attempts to open a missing or busy device. Doubling from half a second keeps a
// replugged USB mic's gap short; the 5 s cap bounds both the gap after a long absence and the cost of
// probing (each attempt enumerates ALSA devices). No jitter: unlike network clients, one device has
// one opener.
final class Backoff {

  static final long FIRST_MS = 500;
  static final long MAX_MS = 5_000;

  private long nextMs = FIRST_MS;

  /** The wait before the next attempt; each call doubles the following one up to the cap. */
  long nextDelayMs() {
    long delay = nextMs;
    nextMs = Math.min(MAX_MS, nextMs * 2);
    return delay;
  }

  void reset() {
    nextMs = FIRST_MS;
  }
}
