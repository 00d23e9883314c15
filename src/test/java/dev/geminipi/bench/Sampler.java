package dev.geminipi.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads the resident set of each process once a second, for RSS over a run. */
final class Sampler implements AutoCloseable {
  private final Map<String, ProcStats> processes = new ConcurrentHashMap<>();
  private final Map<String, List<ProcStats.Sample>> samples = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  Sampler() {
    thread = Thread.ofPlatform().name("rss-sampler").daemon(true).start(this::loop);
  }

  void add(String name, ProcStats p) {
    samples.put(name, new CopyOnWriteArrayList<>());
    processes.put(name, p);
  }

  /** Stops sampling this one (it is about to exit). */
  void remove(String name) {
    processes.remove(name);
  }

  /** Samples taken between these two times. */
  List<ProcStats.Sample> between(String name, long fromNanos, long toNanos) {
    List<ProcStats.Sample> out = new ArrayList<>();
    for (ProcStats.Sample s : samples.getOrDefault(name, List.of())) {
      if (s.nanos() >= fromNanos && s.nanos() <= toNanos) {
        out.add(s);
      }
    }
    return out;
  }

  private void loop() {
    long start = System.nanoTime();
    for (long n = 1; !stopped; n++) {
      for (Map.Entry<String, ProcStats> e : processes.entrySet()) {
        try {
          samples.get(e.getKey()).add(e.getValue().sample());
        } catch (IOException | RuntimeException ex) {
          // the process has exited between two samples
        }
      }
      long left = start + n * 1_000_000_000L - System.nanoTime();
      if (left > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(left);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(2_000);
  }
}
