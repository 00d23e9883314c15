package dev.geminipi.camera;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Reads a camera process's stderr to the end on a virtual thread. It must be read: a program
// blocks once the 64 KiB pipe (Linux's default size) is full (docs/hardware.md §3.1). The last
// few lines are kept, because when the process dies they usually say why ("no cameras available").
//
// Bounded in memory and in CPU (issue 13, point 6): lines are kept as bytes in a fixed ring, the
// others dropped without a String being made, and reading stops for the rest of a second once
// READ_BYTES_PER_SECOND came in. rpicam writes about 3 KB/s (a line per frame); a program that
// floods (`yes >&2`) then waits on a full pipe instead of spinning a core with us.
final class StderrTail {
  static final int KEPT_LINES = 5;
  static final int MAX_LINE_BYTES = 240;
  static final int READ_BYTES_PER_SECOND = 64 * 1024;
  /** DEBUG lines a second; the rest are only counted, so a flood cannot flood the log. */
  static final int LOGGED_LINES_PER_SECOND = 10;
  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Logger log = LoggerFactory.getLogger(StderrTail.class);

  private final String name;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final byte[][] ring = new byte[KEPT_LINES][MAX_LINE_BYTES];
  private final int[] lengths = new int[KEPT_LINES];
  private int next;
  private int kept;
  private long linesSeen;
  private long bytesRead;
  private Thread reader;
  /** Only the reading thread touches it. */
  private int loggedInWindow;

  StderrTail(String name, LongSupplier nanoTime) {
    this.name = name;
    this.nanoTime = nanoTime;
  }

  static StderrTail start(String name, InputStream in) {
    StderrTail tail = new StderrTail(name, System::nanoTime);
    tail.reader = Thread.ofVirtual().name("camera-stderr-" + name).start(() -> tail.drain(in));
    return tail;
  }

  /** Reads {@code in} to its end on the calling thread; package-private for tests. */
  void drain(InputStream in) {
    byte[] buf = new byte[4096];
    byte[] line = new byte[MAX_LINE_BYTES];
    int length = 0;
    long windowStart = nanoTime.getAsLong();
    long windowBytes = 0;
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= SECOND_NANOS) {
          windowStart = now;
          windowBytes = 0;
          loggedInWindow = 0;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            keep(line, length);
            length = 0;
          } else if (length < line.length) {
            line[length++] = buf[i]; // the rest of an over-long line is dropped, not kept
          }
        }
        windowBytes += n;
        count(n);
        if (windowBytes >= READ_BYTES_PER_SECOND) {
          long waitNanos = windowStart + SECOND_NANOS - nanoTime.getAsLong();
          if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
          }
        }
      }
    } catch (IOException e) {
      // The process was stopped and its pipe closed under us; what we have is the tail.
    }
    keep(line, length);
  }

  private void count(int n) {
    lock.lock();
    try {
      bytesRead += n;
    } finally {
      lock.unlock();
    }
  }

  private void keep(byte[] line, int length) {
    int start = 0;
    int end = length;
    while (start < end && isBlank(line[start])) {
      start++;
    }
    while (end > start && isBlank(line[end - 1])) {
      end--;
    }
    if (start == end) {
      return;
    }
    lock.lock();
    try {
      System.arraycopy(line, start, ring[next], 0, end - start);
      lengths[next] = end - start;
      next = (next + 1) % KEPT_LINES;
      kept = Math.min(KEPT_LINES, kept + 1);
      linesSeen++;
    } finally {
      lock.unlock();
    }
    if (loggedInWindow < LOGGED_LINES_PER_SECOND && log.isDebugEnabled()) {
      loggedInWindow++;
      log.debug("{} stderr: {}", name, new String(line, start, end - start,
          StandardCharsets.UTF_8));
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  /** Waits until the pipe has been read to its end, at most {@code timeoutMs}. */
  void awaitEnd(long timeoutMs) throws InterruptedException {
    reader.join(timeoutMs);
  }

  /** The last {@link #KEPT_LINES} non-blank lines, oldest first. */
  List<String> lines() {
    lock.lock();
    try {
      List<String> out = new ArrayList<>(kept);
      for (int i = kept; i > 0; i--) {
        int slot = Math.floorMod(next - i, KEPT_LINES);
        out.add(new String(ring[slot], 0, lengths[slot], StandardCharsets.UTF_8));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Non-blank lines seen, kept or dropped. */
  long linesSeen() {
    lock.lock();
    try {
      return linesSeen;
    } finally {
      lock.unlock();
    }
  }

  long bytesRead() {
    lock.lock();
    try {
      return bytesRead;
    } finally {
      lock.unlock();
    }
  }

  /** {@code  (stderr: "<last line>")}, or nothing when the process said nothing. */
  String summary() {
    List<String> last = lines();
    return last.isEmpty() ? "" : " (stderr: \"" + last.getLast() + "\")";
  }
}
