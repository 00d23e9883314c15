package dev.geminipi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what PulseAudio's pipe sink renders (48 kHz stereo s16le, paced by the system clock,
 * the daemon's speaker) and counts the 10 ms windows with sound in them: the model audio the
 * daemon played. Windows, not loud samples: a sine spends 8 % of its time near zero. Also counts
 * gaps: silence of at most {@link #MAX_GAP_WINDOWS} windows between two loud ones, which inside
 * a model turn (one unbroken tone) is a playback underrun.
 */
final class SinkCounter {
  static final int RATE_HZ = 48_000;
  private static final int LOUD = 1_000;
  private static final int WINDOW_FRAMES = RATE_HZ / 100;
  /** Half a second: longer silences are the pauses between turns. */
  static final int MAX_GAP_WINDOWS = 50;

  private final AtomicLong loudWindows = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong gapWindows = new AtomicLong();
  /** Where the first gaps were: "at s (ms)", in seconds of rendered sink time. */
  private final Queue<String> firstGaps = new ConcurrentLinkedQueue<>();
  /** System.nanoTime() at the end of each sound's last 10 ms window, in order. */
  private final Queue<Long> soundEnds = new ConcurrentLinkedQueue<>();
  // Reader thread only.
  private long lastLoudEndNanos;
  private long windows;
  private int windowFill;
  private boolean windowLoud;
  private boolean heardSound;
  private int silentRun;

  SinkCounter(Path fifo) {
    Thread.ofPlatform().name("sink-counter").daemon(true).start(() -> read(fifo));
  }

  /** Seconds of sound (not silence) rendered so far. */
  double loudSec() {
    return loudWindows.get() / 100.0;
  }

  /** Silences of 10 to 500 ms between two sounds so far: underruns inside a turn. */
  long gaps() {
    return gaps.get();
  }

  /** Their length together, ms. */
  long gapMs() {
    return gapWindows.get() * 10;
  }

  /** The first ten gaps: where in the sink's time (s from its start) and how long. */
  String firstGaps() {
    return String.join(", ", firstGaps);
  }

  /**
   * For each time in {@code nanos}: ms from it to the end of the first sound that ended after
   * it; the pipe sink renders each block when its time comes, so a window's time is its block's
   * arrival plus its offset in the block.
   */
  java.util.List<Long> silenceAfter(java.util.List<Long> nanos) {
    java.util.List<Long> ends = java.util.List.copyOf(soundEnds);
    java.util.List<Long> out = new java.util.ArrayList<>();
    for (long t : nanos) {
      ends.stream().filter(e -> e >= t).findFirst()
          .ifPresent(e -> out.add((e - t) / 1_000_000));
    }
    return out;
  }

  private void window(boolean loud, long endNanos) {
    windows++;
    if (!loud) {
      if (silentRun++ == 0 && heardSound) {
        soundEnds.add(lastLoudEndNanos);
      }
      return;
    }
    lastLoudEndNanos = endNanos;
    loudWindows.incrementAndGet();
    if (heardSound && silentRun > 0 && silentRun <= MAX_GAP_WINDOWS) {
      if (gaps.incrementAndGet() <= 10) {
        firstGaps.add(String.format(Locale.ROOT, "%.2f s (%d ms, ended %s)",
            (windows - 1 - silentRun) / 100.0, silentRun * 10, java.time.LocalTime.now()));
      }
      gapWindows.addAndGet(silentRun);
    }
    heardSound = true;
    silentRun = 0;
  }

  private void read(Path fifo) {
    byte[] block = new byte[8_192];
    int carry = 0;
    try (InputStream in = Files.newInputStream(fifo)) {
      int n;
      while ((n = in.read(block, carry, block.length - carry)) > 0) {
        long arrived = System.nanoTime();
        int bytes = carry + n;
        int whole = bytes / 4;
        for (int f = 0; f < whole; f++) {
          short left = (short) ((block[4 * f] & 0xFF) | block[4 * f + 1] << 8);
          windowLoud |= Math.abs(left) > LOUD;
          if (++windowFill == WINDOW_FRAMES) {
            window(windowLoud, arrived + (f + 1) * 1_000_000_000L / RATE_HZ);
            windowFill = 0;
            windowLoud = false;
          }
        }
        carry = bytes - whole * 4;
        System.arraycopy(block, whole * 4, block, 0, carry);
      }
    } catch (IOException e) {
      // pulseaudio stopped
    }
  }
}
