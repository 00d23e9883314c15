package dev.geminipi.tools;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs of one pin one at a time on a shared executor, so no two calls ever drive
 * the same pin at once. A job holds the lane until it calls {@code done}, which lets a pulse
 * keep it for its whole length without a thread waiting: the scheduled end calls done.
 */
final class Lane {
  /** Work on one pin; must call {@code done} exactly once, now or later. */
  interface Job {
    void run(Runnable done);
  }

  private static final Logger log = LoggerFactory.getLogger(Lane.class);

  private final int pin;
  private final Executor executor;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private boolean busy;

  Lane(int pin, Executor executor) {
    this.pin = pin;
    this.executor = executor;
  }

  /** Daemon work (hangup, maxOnSec): never refused, and at most a couple per pin. */
  void submit(Job job) {
    enqueue(job, Integer.MAX_VALUE);
  }

  /**
   * A model's call: refused when {@code maxWaiting} calls already wait, so a model that
   * repeats itself during a long pulse cannot pile up work without bound (STYLE 13).
   */
  boolean offer(Job job, int maxWaiting) {
    return enqueue(job, maxWaiting);
  }

  private boolean enqueue(Job job, int maxWaiting) {
    lock.lock();
    try {
      if (busy) {
        if (queue.size() >= maxWaiting) {
          return false;
        }
        queue.add(job);
        return true;
      }
      busy = true;
    } finally {
      lock.unlock();
    }
    dispatch(job);
    return true;
  }

  private void dispatch(Job job) {
    AtomicBoolean released = new AtomicBoolean();
    Runnable done = () -> {
      if (released.compareAndSet(false, true)) {
        next();
      }
    };
    try {
      executor.execute(() -> {
        try {
          job.run(done);
        } catch (RuntimeException e) {
          log.error("tool job on GPIO {} failed", pin, e);
          done.run();
        }
      });
    } catch (RejectedExecutionException e) {
      // The router is closing: what is queued will never run, and shutdown rests the pin.
      lock.lock();
      try {
        queue.clear();
        busy = false;
      } finally {
        lock.unlock();
      }
    }
  }

  private void next() {
    Job job;
    lock.lock();
    try {
      job = queue.poll();
      if (job == null) {
        busy = false;
        return;
      }
    } finally {
      lock.unlock();
    }
    dispatch(job);
  }
}
