package dev.geminipi.trigger;

import dev.geminipi.gpio.GpioFault;
import dev.geminipi.gpio.Input;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reports a line's level once it has held still for {@code debounceMs}. Done here rather than
 * by Pi4J because the mock ignores Pi4J's debounce and gpiod applies it in µs on its own
 * thread (docs/hardware.md §1.3, §1.8): on our scheduler it behaves the same in tests as on
 * the Pi, with virtual time in tests. Each edge only (re)schedules a check, so the Pi4J
 * listener thread does no work; the check reads the line itself, so a bounce that ends where
 * it began reports nothing and a lost edge cannot leave the state wrong.
 */
final class Debouncer {
  private final Input input;
  private final long debounceMs;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Boolean> onSettled;
  private final AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
  private final Object settleLock = new Object();
  private boolean stable;

  /** {@code onSettled} gets the new level, on the scheduler's thread. */
  Debouncer(Input input, long debounceMs, ScheduledExecutorService scheduler,
      Consumer<Boolean> onSettled) {
    this.input = input;
    this.debounceMs = debounceMs;
    this.scheduler = scheduler;
    this.onSettled = onSettled;
  }

  /** Takes the current level as settled, without reporting it, and starts listening. */
  boolean start() {
    synchronized (settleLock) {
      stable = input.isHigh();
    }
    input.onChange(level -> edge());
    return stable;
  }

  void stop() {
    ScheduledFuture<?> f = pending.getAndSet(null);
    if (f != null) {
      f.cancel(false);
    }
  }

  private void edge() {
    ScheduledFuture<?> next = scheduler.schedule(this::settle, debounceMs, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = pending.getAndSet(next);
    if (old != null) {
      old.cancel(false);
    }
  }

  private void settle() {
    boolean level;
    try {
      level = input.isHigh();
    } catch (GpioFault e) {
      // GPIO is shutting down; there is nothing left to report to.
      return;
    }
    // Reported under the lock so that, even on a scheduler with several threads, levels
    // arrive in the order they settled; the consumer only posts, so this is brief.
    synchronized (settleLock) {
      if (level == stable) {
        return;
      }
      stable = level;
      onSettled.accept(level);
    }
  }
}
