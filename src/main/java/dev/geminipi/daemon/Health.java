package dev.geminipi.daemon;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Whether the daemon's loops still run, so the systemd watchdog is fed only while they do
 * (docs/hardware.md §4.2): the state machine answers a status request, the microphone
 * capture loop shows life, and the timers thread runs a task. The timers thread is the
 * WebSocket side's loop: setup timeouts, reconnect backoff, goAway switches and close
 * deadlines run on it, as do a pulse's "off", button debouncing and the LED's pattern, so a
 * task stuck there stalls every reconnect while the other two loops look fine.
 */
final class Health {
  private final Thread conversationThread;
  private final Supplier<CompletableFuture<?>> status;
  private final MicHealth mic;
  private final ScheduledExecutorService timers;
  private final LongSupplier nanoTime;

  /**
   * @param status asks the state machine for its status; the answer comes from its thread
   * @param timers should remove cancelled tasks, so probes of a stuck thread do not pile up
   */
  Health(Thread conversationThread, Supplier<CompletableFuture<?>> status, MicHealth mic,
      ScheduledExecutorService timers, LongSupplier nanoTime) {
    this.conversationThread = conversationThread;
    this.status = status;
    this.mic = mic;
    this.timers = timers;
    this.nanoTime = nanoTime;
  }

  /**
   * Empty when every loop answered within {@code timeoutMs} (in all, not each); else which
   * one did not, in words for the journal (public surface: tests pin it).
   */
  Optional<String> stuck(long timeoutMs) {
    if (!conversationThread.isAlive()) {
      return Optional.of("the conversation thread has ended");
    }
    if (!mic.alive()) {
      return Optional.of("the microphone capture loop has shown no sign of life for over "
          + MicHealth.SILENT_LIMIT_NANOS / 1_000_000_000 + " s");
    }
    long deadline = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Future<?> tick;
    try {
      tick = timers.submit(() -> { });
    } catch (RejectedExecutionException e) {
      return Optional.of("the timers thread (reconnects, timeouts) has stopped");
    }
    try {
      if (!answers(status.get(), deadline)) {
        return Optional.of("the conversation did not answer a status request within "
            + timeoutMs + " ms");
      }
      if (!answers(tick, deadline)) {
        return Optional.of("the timers thread (reconnects, timeouts) did not run a task "
            + "within " + timeoutMs + " ms");
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } finally {
      tick.cancel(false);
    }
  }

  private boolean answers(Future<?> f, long deadlineNanos) throws InterruptedException {
    try {
      f.get(Math.max(0, deadlineNanos - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    }
  }
}
