package dev.geminipi.camera;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Reads a camera process's stderr to the end on a virtual thread. It must be read: rpicam blocks
// once the 64 KiB pipe is full (docs/hardware.md §3.1). The last few lines are kept, because when the
// process dies they usually say why ("no cameras available").
final class StderrTail {
  static final int KEPT_LINES = 5;
  static final int MAX_LINE_CHARS = 240;

  private static final Logger log = LoggerFactory.getLogger(StderrTail.class);

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<String> lines = new ArrayDeque<>(KEPT_LINES + 1);
  private final Thread reader;

  private StderrTail(String name, InputStream in) {
    this.name = name;
    this.reader = Thread.ofVirtual().name("camera-stderr-" + name).unstarted(() -> drain(in));
  }

  static StderrTail start(String name, InputStream in) {
    StderrTail tail = new StderrTail(name, in);
    tail.reader.start();
    return tail;
  }

  private void drain(InputStream in) {
    byte[] buf = new byte[4096];
    byte[] line = new byte[MAX_LINE_CHARS];
    int length = 0;
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            keep(line, length);
            length = 0;
          } else if (length < line.length) {
            line[length++] = buf[i]; // the rest of an over-long line is dropped, not kept
          }
        }
      }
    } catch (IOException e) {
      // The process was stopped and its pipe closed under us; what we have is the tail.
    }
    keep(line, length);
  }

  private void keep(byte[] line, int length) {
    String text = new String(line, 0, length, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return;
    }
    log.debug("{} stderr: {}", name, text);
    lock.lock();
    try {
      lines.addLast(text);
      if (lines.size() > KEPT_LINES) {
        lines.removeFirst();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the pipe has been read to its end, at most {@code timeoutMs}. */
  void awaitEnd(long timeoutMs) throws InterruptedException {
    reader.join(timeoutMs);
  }

  List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }

  /** {@code  (stderr: "<last line>")}, or nothing when the process said nothing. */
  String summary() {
    List<String> kept = lines();
    return kept.isEmpty() ? "" : " (stderr: \"" + kept.getLast() + "\")";
  }
}
