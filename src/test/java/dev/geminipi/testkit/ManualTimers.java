package dev.geminipi.testkit;

import dev.geminipi.conversation.Ports;
import java.util.ArrayList;
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
  private record Task(long delayMs, Runnable task) {
  }

  private final List<Task> pending = new ArrayList<>();

  @Override
  public synchronized void after(long delayMs, Runnable task) {
    pending.add(new Task(delayMs, task));
  }

  /** Moves the clock past every pending task's delay and runs them (each only posts). */
  public void fireAll() {
    List<Task> due;
    synchronized (this) {
      due = new ArrayList<>(pending);
      pending.clear();
      long longest = due.stream().mapToLong(Task::delayMs).max().orElse(0);
      nowNanos += longest * 1_000_000L;
    }
    due.forEach(t -> t.task().run());
  }

  public synchronized int pending() {
    return pending.size();
  }
}
