package dev.geminipi.daemon;

import dev.geminipi.log.LogEvent;
import dev.geminipi.log.Logs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.event.Level;

/**
 * The daemon's log lines of the current conversation, for a soak that waits on them as a user
 * reads the journal: the transitions ("listening -> speaking (model audio)") and audit lines
 * are public surface (STYLE 25). Lines are kept from one {@link #clear} to the next only, so a
 * run of a thousand conversations holds one conversation's worth.
 */
final class LogLines {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final List<String> lines = new ArrayList<>();
  private final LongAdder warnings = new LongAdder();
  private final List<String> errors = new ArrayList<>();
  private int cursor;

  static LogLines attach() {
    LogLines l = new LogLines();
    Logs.listen(l::append); // for the life of the run
    return l;
  }

  private void append(LogEvent e) {
    String line = e.level() + " [" + e.logger() + "] " + e.message();
    lock.lock();
    try {
      if (e.level() == Level.ERROR) {
        errors.add(line);
      } else if (e.level() == Level.WARN) {
        warnings.increment();
      }
      lines.add(line);
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the lines so far: a new conversation starts. */
  void clear() {
    lock.lock();
    try {
      lines.clear();
      cursor = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next line after the last one awaited that contains {@code fragment}; lines
   * in between are passed over, as {@code FakeLiveServer.takeMessage(kind)} passes over audio.
   */
  String await(String fragment, Duration timeout) {
    return find(fragment, timeout, true);
  }

  /** Waits for a line of this conversation anywhere, for lines that race others (audit lines). */
  String awaitAnywhere(String fragment, Duration timeout) {
    return find(fragment, timeout, false);
  }

  private String find(String fragment, Duration timeout, boolean advance) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int from = advance ? cursor : 0;
      while (true) {
        for (int i = from; i < lines.size(); i++) {
          if (lines.get(i).contains(fragment)) {
            if (advance) {
              cursor = i + 1;
            }
            return lines.get(i);
          }
        }
        from = lines.size();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SoakFailure("no log line with \"" + fragment + "\" within "
              + timeout.toMillis() + " ms; this conversation logged:\n  "
              + String.join("\n  ", lines));
        }
        added.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoakFailure("interrupted while waiting for \"" + fragment + "\"");
    } finally {
      lock.unlock();
    }
  }

  long warnings() {
    return warnings.sum();
  }

  /** Every ERROR line of the run: each one is a bug (STYLE 23). */
  List<String> errors() {
    lock.lock();
    try {
      return List.copyOf(errors);
    } finally {
      lock.unlock();
    }
  }
}
