package dev.geminipi.testkit;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Times calls that must never wait on the network (STYLE 13): a capture thread's hand-over
 * while the link is stalled. A call that waited would not come back until the test lets the
 * link go, so the hard bound only needs to be far above noise. The 50 ms bound is what a
 * caller should see; a few calls past it are allowed for GC pauses and preemption on a
 * loaded machine (seen: one call of 82 ms while qemu ran beside the suite on 2 vCPUs).
 */
public final class CallTimer {
  static final long SOFT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long HARD_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final int MAX_SLOW_CALLS = 3;

  private long calls;
  private long slowCalls;
  private long slowestNanos;

  public boolean time(BooleanSupplier call) {
    long start = System.nanoTime();
    boolean result = call.getAsBoolean();
    record(System.nanoTime() - start);
    return result;
  }

  public void time(Runnable call) {
    long start = System.nanoTime();
    call.run();
    record(System.nanoTime() - start);
  }

  private void record(long nanos) {
    calls++;
    slowestNanos = Math.max(slowestNanos, nanos);
    if (nanos > SOFT_NANOS) {
      slowCalls++;
    }
  }

  /** Fails when any call came near waiting, or more than a few took over 50 ms. */
  public void assertNeverBlocked(String what) {
    String summary = slowCalls + " of " + calls + " " + what + " calls took over 50 ms, the "
        + "slowest " + TimeUnit.NANOSECONDS.toMillis(slowestNanos) + " ms";
    if (slowestNanos >= HARD_NANOS || slowCalls > MAX_SLOW_CALLS) {
      throw new AssertionError(summary);
    }
  }
}
