package dev.geminipi.testkit;

import dev.geminipi.conversation.Ports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Timers that fire only when a test says so, and the clock they run on: time moves by hand
 * (STYLE 16). Hand {@link #nanoTime} to the code under test as its time source.
 */
public final class ManualTimers implements Ports.Timers {
  private long nowNanos = 1_000_000_000L;

  public synchronized long nanoTime() {
    return nowNanos;
  }

  private record Task(long dueNanos, Runnable task) {
  }

  private final List<Task> pending = new ArrayList<>();

  @Override
  public synchronized void after(long delayMs, Runnable task) {
    pending.add(new Task(nowNanos + delayMs * 1_000_000L, task));
  }

  /** Moves the clock past every pending task's due time and runs them (each only posts). */
  public void fireAll() {
    List<Task> due;
    synchronized (this) {
      due = new ArrayList<>(pending);
      pending.clear();
      nowNanos = due.stream().mapToLong(Task::dueNanos).reduce(nowNanos, Math::max);
    }
    due.sort(Comparator.comparingLong(Task::dueNanos));
    due.forEach(t -> t.task().run());
  }

  /** Moves the clock on by {@code ms} and runs, oldest first, the tasks now due. */
  public void advanceMillis(long ms) {
    List<Task> due;
    synchronized (this) {
      nowNanos += ms * 1_000_000L;
      due = pending.stream().filter(t -> t.dueNanos() <= nowNanos)
          .sorted(Comparator.comparingLong(Task::dueNanos)).toList();
      pending.removeAll(due);
    }
    due.forEach(t -> t.task().run());
  }

  public synchronized int pending() {
    return pending.size();
  }
}
