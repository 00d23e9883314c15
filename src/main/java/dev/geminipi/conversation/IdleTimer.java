package dev.geminipi.conversation;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The idle deadline of a conversation: speech either way pushes it back. One timer at a time:
 * it re-arms itself for what is left when it fires early, so a stream of audio chunks costs no
 * timer each. State machine thread only; the timer itself only posts an event (STYLE 12).
 */
final class IdleTimer {
  private final long timeoutMs;
  private final Ports.Timers timers;
  private final Consumer<Event> post;
  private final LongSupplier nanoTime;
  private long generation;
  private long lastActivityNanos;
  private boolean pending;

  IdleTimer(long timeoutMs, Ports.Timers timers, Consumer<Event> post, LongSupplier nanoTime) {
    this.timeoutMs = timeoutMs;
    this.timers = timers;
    this.post = post;
    this.nanoTime = nanoTime;
  }

  /** Something was said or heard now; {@code arm} starts the timer if none is pending. */
  void activity(boolean arm) {
    lastActivityNanos = nanoTime.getAsLong();
    if (arm && !pending) {
      arm(timeoutMs);
    }
  }

  /**
   * The timer of {@code generation} fired: true if the conversation has been quiet for the
   * whole timeout. Otherwise it re-arms for what is left, or again while {@code busy}; a timer
   * of an earlier conversation, or one firing with {@code ongoing} false, just stops.
   */
  boolean expired(long generation, boolean ongoing, boolean busy) {
    if (generation != this.generation) {
      return false; // armed for a conversation that has ended
    }
    pending = false;
    if (!ongoing) {
      return false;
    }
    long leftNanos = lastActivityNanos + timeoutMs * 1_000_000L - nanoTime.getAsLong();
    if (leftNanos > 0 || busy) {
      arm(Math.max(1, leftNanos / 1_000_000));
      return false;
    }
    return true;
  }

  /** The conversation ended: a timer still pending is stale from now on. */
  void cancel() {
    generation++;
    pending = false;
  }

  private void arm(long delayMs) {
    long g = generation;
    pending = true;
    timers.after(delayMs, () -> post.accept(new Event.Timeout(Event.Timer.IDLE, g)));
  }
}
