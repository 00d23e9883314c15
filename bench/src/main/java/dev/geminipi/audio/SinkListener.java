package dev.geminipi.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

// Reads what PulseAudio's pipe sink renders (48 kHz stereo s16le, paced by the system clock) and
// timestamps where the sound starts and stops. With use_system_clock_for_timing the sink renders each
// block (20 ms here) when the block's start time comes, like a DAC that starts playing it then, so a
// frame's time is its block's arrival plus the frame's offset in the block.
final class SinkListener {

  static final int RATE_HZ = 48_000;
  private static final int LOUD = 1_000;
  // This long below LOUD counts as silence: longer than any half period of the test tones.
  private static final int QUIET_FRAMES = 96;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long lastLoudNanos;
  private long onsetNanos;
  private long loudFrames;
  private int quietRun;
  private boolean loud;

  SinkListener(Path fifo) {
    Thread.ofPlatform().name("sink-listener").daemon(true).start(() -> read(fifo));
  }

  private void read(Path fifo) {
    byte[] block = new byte[8_192];
    int carry = 0;
    try (InputStream in = Files.newInputStream(fifo)) {
      int n;
      while ((n = in.read(block, carry, block.length - carry)) > 0) {
        long arrival = System.nanoTime();
        int bytes = carry + n;
        int frames = bytes / 4;
        lock.lock();
        try {
          for (int f = 0; f < frames; f++) {
            short left = (short) ((block[4 * f] & 0xFF) | block[4 * f + 1] << 8);
            long at = arrival + (long) f * 1_000_000_000L / RATE_HZ;
            if (Math.abs(left) > LOUD) {
              if (!loud) {
                loud = true;
                onsetNanos = at;
              }
              loudFrames++;
              quietRun = 0;
              lastLoudNanos = at;
            } else if (loud && ++quietRun >= QUIET_FRAMES) {
              loud = false;
            }
          }
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        carry = bytes - frames * 4;
        System.arraycopy(block, frames * 4, block, 0, carry);
      }
    } catch (IOException e) {
      // pulseaudio stopped
    }
  }

  /** Waits for sound to start after {@code afterNanos}; returns its time. */
  long awaitOnset(long afterNanos, long timeoutMs) throws InterruptedException {
    return await(() -> loud && onsetNanos > afterNanos ? onsetNanos : 0, timeoutMs, "sound");
  }

  /** Waits until {@code frames} loud frames have been heard in all. */
  void awaitLoudFrames(long frames, long timeoutMs) throws InterruptedException {
    await(() -> loudFrames >= frames ? 1 : 0, timeoutMs, frames + " loud frames");
  }

  long loudFrames() {
    lock.lock();
    try {
      return loudFrames;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for silence; returns the time of the last loud frame. */
  long awaitSilence(long timeoutMs) throws InterruptedException {
    return await(() -> loud ? 0 : lastLoudNanos, timeoutMs, "silence");
  }

  private interface Check {
    long value();
  }

  private long await(Check check, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    lock.lock();
    try {
      long v;
      while ((v = check.value()) == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no " + what + " from the sink within " + timeoutMs + " ms");
        }
        changed.awaitNanos(left);
      }
      return v;
    } finally {
      lock.unlock();
    }
  }
}
