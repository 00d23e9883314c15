package dev.geminipi.audio;

import dev.geminipi.testkit.PulseServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

// A private PulseAudio server for tests that need a clock (DESIGN "How we test"): its own runtime
// directory and socket (PulseServer), a pipe sink paced by the system clock, stopped in close(). The sink's FIFO is read all the time, so the recording is what the "speaker"
// actually rendered, 48 kHz stereo s16le.
public final class PrivatePulse implements AutoCloseable {

  public static final int RATE_HZ = 48_000;
  public static final int FRAME_BYTES = 4;

  private final PulseServer pulse;
  private final Path dir;
  private final Thread reader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grew = lock.newCondition();
  private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
  // System.nanoTime() at which the recording reached each size: {nanos, bytes} per read.
  private final java.util.List<long[]> arrivals = new java.util.ArrayList<>();

  private PrivatePulse(PulseServer pulse, Path dir) {
    this.pulse = pulse;
    this.dir = dir;
    this.reader = Thread.ofPlatform().name("pulse-sink-reader").daemon(true).start(this::read);
  }

  public static PrivatePulse start(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve("sink.fifo"));
      PulseServer server = PulseServer.start(dir, List.of(
          "load-module module-pipe-sink sink_name=gp_sink file=" + dir.resolve("sink.fifo")
              + " format=s16le rate=" + RATE_HZ + " channels=2 use_system_clock_for_timing=yes",
          "set-default-sink gp_sink"));
      return new PrivatePulse(server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address for ALSA's pulse plugin ({@code server} in a pcm of type pulse). */
  public String server() {
    return pulse.server();
  }

  private void read() {
    byte[] block = new byte[4_096];
    try (InputStream in = Files.newInputStream(dir.resolve("sink.fifo"))) {
      int n;
      while ((n = in.read(block)) > 0) {
        lock.lock();
        try {
          recording.write(block, 0, n);
          arrivals.add(new long[] {System.nanoTime(), recording.size()});
          grew.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException e) {
      // the daemon stopped
    }
  }

  /** Bytes rendered so far. */
  public int recordedBytes() {
    lock.lock();
    try {
      return recording.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code bytes} have been rendered; fails after {@code timeoutMs}. */
  public void awaitRecorded(int bytes, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lock();
    try {
      while (recording.size() < bytes) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the sink rendered " + recording.size() + " of " + bytes + " bytes within "
              + timeoutMs + " ms");
        }
        grew.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the left channel holds {@code frames} frames louder than {@code level} after byte
   * {@code fromByte}; fails after {@code timeoutMs}.
   */
  public void awaitSound(int fromByte, int frames, int level, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    int loud = 0;
    int scanned = fromByte;
    lock.lock();
    try {
      while (true) {
        byte[] b = recording.toByteArray();
        for (; scanned + FRAME_BYTES <= b.length; scanned += FRAME_BYTES) {
          if (Math.abs((short) ((b[scanned] & 0xFF) | b[scanned + 1] << 8)) > level) {
            loud++;
          }
        }
        if (loud >= frames) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the sink rendered " + loud + " of " + frames + " loud frames within "
              + timeoutMs + " ms");
        }
        grew.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    } finally {
      lock.unlock();
    }
  }

  /** {@code System.nanoTime()} when the sink had rendered byte {@code offset}. */
  public long renderedAtNanos(int offset) {
    lock.lock();
    try {
      for (long[] a : arrivals) {
        if (a[1] > offset) {
          return a[0];
        }
      }
      throw new AssertionError("byte " + offset + " has not been rendered");
    } finally {
      lock.unlock();
    }
  }

  public byte[] recording() {
    lock.lock();
    try {
      return recording.toByteArray();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    pulse.close();
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
