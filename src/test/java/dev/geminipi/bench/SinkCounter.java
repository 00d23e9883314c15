package dev.geminipi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what PulseAudio's pipe sink renders (48 kHz stereo s16le, paced by the system clock,
 * the daemon's speaker) and counts the 10 ms windows with sound in them: the model audio the
 * daemon played. Windows, not loud samples: a sine spends 8 % of its time near zero.
 */
final class SinkCounter {
  static final int RATE_HZ = 48_000;
  private static final int LOUD = 1_000;
  private static final int WINDOW_FRAMES = RATE_HZ / 100;

  private final AtomicLong loudWindows = new AtomicLong();
  // Reader thread only.
  private int windowFill;
  private boolean windowLoud;

  SinkCounter(Path fifo) {
    Thread.ofPlatform().name("sink-counter").daemon(true).start(() -> read(fifo));
  }

  /** Seconds of sound (not silence) rendered so far. */
  double loudSec() {
    return loudWindows.get() / 100.0;
  }

  private void read(Path fifo) {
    byte[] block = new byte[8_192];
    int carry = 0;
    try (InputStream in = Files.newInputStream(fifo)) {
      int n;
      while ((n = in.read(block, carry, block.length - carry)) > 0) {
        int bytes = carry + n;
        int whole = bytes / 4;
        for (int f = 0; f < whole; f++) {
          short left = (short) ((block[4 * f] & 0xFF) | block[4 * f + 1] << 8);
          windowLoud |= Math.abs(left) > LOUD;
          if (++windowFill == WINDOW_FRAMES) {
            if (windowLoud) {
              loudWindows.incrementAndGet();
            }
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
