package dev.geminipi.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time, so debounce, long presses, pulses, maxOnSec and LED patterns
 * are tested instantly and deterministically (STYLE 16, 27). Nothing runs until the test
 * calls {@link #advance} or {@link #runDue}; due tasks then run in time order on the test's
 * thread. {@link #nanoTime} is the matching clock.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long nowNanos = 1_000_000_000L;
  private long sequence;
  private boolean shutdown;

  /** The virtual clock, for code that takes a {@code LongSupplier} time source. */
  public synchronized long nanoTime() {
    return nowNanos;
  }

  /** Moves time forward, running every task that falls due on the way, in order. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = nowNanos + d.toNanos();
    }
    while (true) {
      Task<?> t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.dueNanos > target) {
          nowNanos = target;
          return;
        }
        queue.poll();
        nowNanos = Math.max(nowNanos, t.dueNanos);
      }
      t.run();
    }
  }

  public void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }

  /** Runs what is due now, including tasks handed to {@link #execute}. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks waiting to run, cancelled ones excluded. */
  public synchronized int pending() {
    return queue.size();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(() -> {
      command.run();
      return null;
    }, unit.toNanos(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(callable, unit.toNanos(delay), 0);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
      long period, TimeUnit unit) {
    return enqueue(() -> {
      command.run();
      return null;
    }, unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
      long delay, TimeUnit unit) {
    return scheduleAtFixedRate(command, initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private synchronized <V> Task<V> enqueue(Callable<V> body, long delayNanos, long periodNanos) {
    if (shutdown) {
      throw new RejectedExecutionException("ManualScheduler is shut down");
    }
    Task<V> t = new Task<>(body, nowNanos + Math.max(0, delayNanos), periodNanos, sequence++);
    queue.add(t);
    return t;
  }

  private synchronized boolean remove(Task<?> t) {
    return queue.remove(t);
  }

  private synchronized void requeue(Task<?> t) {
    if (!shutdown) {
      t.dueNanos += t.periodNanos;
      t.seq = sequence++;
      queue.add(t);
    }
  }

  private final class Task<V> implements ScheduledFuture<V>, Runnable {
    private final Callable<V> body;
    private final long periodNanos;
    private long dueNanos;
    private long seq;
    private volatile boolean cancelled;
    private volatile boolean done;
    private V result;

    Task(Callable<V> body, long dueNanos, long periodNanos, long seq) {
      this.body = body;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.seq = seq;
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      try {
        result = body.call();
      } catch (Exception e) {
        throw new IllegalStateException("scheduled task failed", e);
      }
      if (periodNanos > 0 && !cancelled) {
        requeue(this);
      } else {
        done = true;
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> other = (Task<?>) o;
      int c = Long.compare(dueNanos, other.dueNanos);
      return c != 0 ? c : Long.compare(seq, other.seq);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done || cancelled) {
        return false;
      }
      cancelled = true;
      remove(this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public V get() {
      if (!done) {
        throw new IllegalStateException("not run yet; advance the ManualScheduler");
      }
      return result;
    }

    @Override
    public V get(long timeout, TimeUnit unit) {
      return get();
    }
  }
}
