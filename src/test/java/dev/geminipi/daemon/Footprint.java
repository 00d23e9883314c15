package dev.geminipi.daemon;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a long-running process must not accumulate: heap after a full GC, live platform
 * threads, virtual threads, open file descriptors.
 *
 * @param heapBytes heap in use right after {@link System#gc()}, the least of four rounds
 * @param threads live platform threads (ThreadMXBean)
 * @param virtualThreads virtual threads alive, from a JSON thread dump (ThreadMXBean does not
 *     see them, and a virtual thread parked forever is a leak like any other)
 * @param fds entries of /proc/self/fd: sockets, pipes, files, the ALSA and PulseAudio handles
 */
record Footprint(long heapBytes, int threads, int virtualThreads, int fds) {
  /**
   * Java-WebSocket's two platform threads per client connection and our writer, which end
   * after its close.
   */
  private static final String[] PER_CONNECTION = {"WebSocketConnectReadThread-",
      "WebSocketWriteThread-", "live-writer-"};
  /**
   * The serial collector the daemon runs with leaves up to MarkSweepDeadRatio (5 %) of the old
   * generation as dead objects it does not compact, except at every MarkSweepAlwaysCompactCount'th
   * (4th) full GC; the least of four rounds is the live heap. Three rounds read up to 0.5 MiB
   * high, now and then.
   */
  private static final int GC_ROUNDS = 4;

  /**
   * Measures once the last conversation's connection threads have ended (each within
   * {@code settle}): they finish a moment after the close handshake, and counting one that
   * is on its way out would read as a leak. A thread that outlives the wait is counted.
   */
  static Footprint measure(Path scratch, long settleMs) {
    joinConnectionThreads(settleMs);
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return new Footprint(heap, ManagementFactory.getThreadMXBean().getThreadCount(),
        virtualThreads(scratch.resolve("threads.json")), openFds());
  }

  /**
   * Writes the live objects by class (what {@code jcmd PID GC.class_histogram} prints) to
   * {@code file}: two of them, diffed, say what a growing heap holds.
   */
  static void histogram(Path file) {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
          "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
      Files.writeString(file, String.valueOf(text));
    } catch (javax.management.JMException | IOException e) {
      throw new IllegalStateException("class histogram to " + file + ": " + e, e);
    }
  }

  double heapMiB() {
    return heapBytes / (1024.0 * 1024.0);
  }

  private static void joinConnectionThreads(long settleMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!isPerConnection(t.getName())) {
        continue;
      }
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0) {
        return;
      }
      try {
        t.join(leftMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean isPerConnection(String name) {
    for (String prefix : PER_CONNECTION) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static int virtualThreads(Path dump) {
    try {
      Files.deleteIfExists(dump); // dumpThreads refuses to overwrite
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(
          dump.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      int count = 0;
      for (JsonValue container : Json.parse(Files.readString(dump)).asObject().get("threadDump")
          .asObject().get("threadContainers").asArray()) {
        for (JsonValue t : container.asObject().get("threads").asArray()) {
          if (t.asObject().getBoolean("virtual", false)) {
            count++;
          }
        }
      }
      Files.delete(dump);
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException("thread dump to " + dump, e);
    }
  }

  private static int openFds() {
    // The listing holds one descriptor of its own, the same one in every sample.
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException("listing /proc/self/fd", e);
    }
  }
}
