package dev.geminipi.tools;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The maxOnSec timers, at most one per output. A due timer only hands its work to the
 * output's lane (STYLE 12); a call that ran in the lane meanwhile re-armed or disarmed it,
 * and then the due work is skipped.
 */
final class AutoOff {
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
  /** Counts every arm and disarm per tool, so a timer that fired can tell it is stale. */
  private final Map<String, Long> generation = new HashMap<>();

  AutoOff(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * In {@code seconds}, runs {@code due} in {@code lane} unless {@code t} was armed or
   * disarmed again by then; false when the timers have stopped and nothing was set.
   */
  boolean arm(Tool t, int seconds, Lane lane, Lane.Job due) {
    lock.lock();
    try {
      long gen = generation.merge(t.name(), 1L, Long::sum);
      timers.put(t.name(), scheduler.schedule(() -> lane.submit(done -> {
        if (current(t, gen)) {
          due.run(done);
        } else {
          done.run();
        }
      }), seconds, TimeUnit.SECONDS));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  void disarm(Tool t) {
    lock.lock();
    try {
      generation.merge(t.name(), 1L, Long::sum);
      ScheduledFuture<?> old = timers.remove(t.name());
      if (old != null) {
        old.cancel(false);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Shutdown: no timer fires any more. */
  void cancelAll() {
    lock.lock();
    try {
      timers.values().forEach(f -> f.cancel(false));
      timers.clear();
    } finally {
      lock.unlock();
    }
  }

  private boolean current(Tool t, long gen) {
    lock.lock();
    try {
      return generation.getOrDefault(t.name(), 0L) == gen;
    } finally {
      lock.unlock();
    }
  }
}
