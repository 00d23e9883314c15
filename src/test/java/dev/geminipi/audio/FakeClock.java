package dev.geminipi.audio;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

// A nanoTime source the test moves by hand. It counts reads, so a test can wait until a thread has
// looked at the time again (the microphone reads it for every chunk) instead of sleeping.
final class FakeClock implements LongSupplier {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong reads = new AtomicLong();

  @Override
  public long getAsLong() {
    reads.incrementAndGet();
    return nanos.get();
  }

  void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  /** Waits (up to 5 s) until the clock has been read {@code n} more times. */
  void awaitReads(long n) {
    long target = reads.get() + n;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (reads.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the clock was read " + (reads.get() - target + n) + " of " + n
            + " times within 5 s: the capture thread stopped");
      }
      Thread.onSpinWait();
    }
  }
}
