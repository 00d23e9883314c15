package dev.geminipi.audio;

import java.util.Objects;

/**
 * The last moments of 16 kHz mono microphone audio before a trigger, so that words spoken with the
 * button press or the wake word are not lost. Fixed capacity sized in milliseconds; writing past it
 * overwrites the oldest samples; reading takes samples out oldest first.
 *
 * <p>The ring also knows where its samples sit in the stream it was fed: every sample written or
 * {@linkplain #skip skipped} moves {@link #endSample()} on by one, so a caller can ask for the
 * audio from a given stream position ({@link #dropBefore}).
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
  private long endSample;

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

  /** The stream position just past the newest sample: how many were written or skipped so far. */
  public long endSample() {
    return endSample;
  }

  /** Appends {@code len} samples, dropping the oldest held ones if the ring is full. */
  public void write(short[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    endSample += len;
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

  /**
   * {@code len} samples of the stream went by without being kept (the microphone was closed): the
   * ring empties, since what it held is no longer followed by what comes next, and its end moves
   * past them.
   */
  public void skip(int len) {
    clear();
    endSample += len;
  }

  /**
   * Forgets the held samples older than stream position {@code streamSample}, so that the next
   * read starts there, or at the oldest held sample if that is newer; a position past the end
   * empties the ring.
   */
  public void dropBefore(long streamSample) {
    long oldestSample = endSample - availableFrames;
    int drop = (int) Math.min(availableFrames, Math.max(0, streamSample - oldestSample));
    if (drop > 0) {
      oldest = (oldest + drop) % ring.length;
      availableFrames -= drop;
    }
  }

  /** Forgets what the ring holds; the stream position stays where it is. */
  public void clear() {
    oldest = 0;
    availableFrames = 0;
  }
}
