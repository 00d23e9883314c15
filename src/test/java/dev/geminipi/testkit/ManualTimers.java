package dev.geminipi.testkit;

import dev.geminipi.conversation.Ports;
import java.util.ArrayList;
import java.util.List;

/** Timers that fire only when a test says so: time moves by hand (STYLE 16). */
public final class ManualTimers implements Ports.Timers {
  private record Task(long delayMs, Runnable task) {
  }

  private final List<Task> pending = new ArrayList<>();

  @Override
  public synchronized void after(long delayMs, Runnable task) {
    pending.add(new Task(delayMs, task));
  }

  /** Runs every pending task (each only posts an event). */
  public void fireAll() {
    List<Task> due;
    synchronized (this) {
      due = new ArrayList<>(pending);
      pending.clear();
    }
    due.forEach(t -> t.task().run());
  }

  public synchronized int pending() {
    return pending.size();
  }
}
