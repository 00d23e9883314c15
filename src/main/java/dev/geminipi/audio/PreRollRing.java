package dev.geminipi.audio;

import java.util.Objects;

/**
 * The last moments of 16 kHz mono microphone audio before a trigger, so that words spoken with the
 * button press or the wake word are not lost. Fixed capacity sized in milliseconds; writing past it
 * overwrites the oldest samples; reading takes samples out oldest first.
 *
 * <p>Allocation-free after construction. Not thread-safe: confine it to the capture thread.
 */
public final class PreRollRing {

  public static final int RATE_HZ = 16_000;
  public static final int DEFAULT_PRE_ROLL_MS = 500;
  // More than this is not "pre-roll" any more: it would send a whole earlier sentence to the model.
  public static final int MAX_PRE_ROLL_MS = 10_000;

  private final short[] ring;
  private int oldest;
  private int availableFrames;

  public PreRollRing(int preRollMs) {
    if (preRollMs < 0 || preRollMs > MAX_PRE_ROLL_MS) {
      throw new IllegalArgumentException(
          "preRollMs must be 0.." + MAX_PRE_ROLL_MS + ", was " + preRollMs);
    }
    this.ring = new short[RATE_HZ / 1000 * preRollMs];
  }

  public int capacityFrames() {
    return ring.length;
  }

  public int availableFrames() {
    return availableFrames;
  }

  /** Appends {@code len} samples, dropping the oldest held ones if the ring is full. */
  public void write(short[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    int capacity = ring.length;
    if (len >= capacity) {
      System.arraycopy(src, off + len - capacity, ring, 0, capacity);
      oldest = 0;
      availableFrames = capacity;
      return;
    }
    int tail = (oldest + availableFrames) % capacity;
    int first = Math.min(len, capacity - tail);
    System.arraycopy(src, off, ring, tail, first);
    System.arraycopy(src, off + first, ring, 0, len - first);
    int overflow = availableFrames + len - capacity;
    if (overflow > 0) {
      oldest = (oldest + overflow) % capacity;
      availableFrames = capacity;
    } else {
      availableFrames += len;
    }
  }

  /** Moves up to {@code len} of the oldest samples into {@code dst[off..]}; returns how many. */
  public int read(short[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    int n = Math.min(len, availableFrames);
    if (n == 0) {
      return 0;
    }
    int first = Math.min(n, ring.length - oldest);
    System.arraycopy(ring, oldest, dst, off, first);
    System.arraycopy(ring, 0, dst, off + first, n - first);
    oldest = (oldest + n) % ring.length;
    availableFrames -= n;
    return n;
  }

  public void clear() {
    oldest = 0;
    availableFrames = 0;
  }
}
