package dev.geminipi.testkit;

import dev.geminipi.live.ServerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Records server events as a session delivers them; takes wait up to 5 s (STYLE 27). */
public final class EventRecorder implements Consumer<ServerEvent> {
  private final BlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
  private final List<ServerEvent> all = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void accept(ServerEvent e) {
    all.add(e);
    events.add(e);
  }

  /** The next event of this type, passing over others. */
  public <T extends ServerEvent> T take(Class<T> type) {
    return take(type, Duration.ofSeconds(5));
  }

  public <T extends ServerEvent> T take(Class<T> type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> seen = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      ServerEvent e;
      try {
        e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
      if (e == null) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout.toMillis()
            + " ms; saw " + seen);
      }
      if (type.isInstance(e)) {
        return type.cast(e);
      }
      seen.add(e.getClass().getSimpleName());
    }
  }

  public List<ServerEvent> all() {
    return List.copyOf(all);
  }
}
