package dev.geminipi.camera;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts an MJPEG byte stream (JPEG files back to back, as {@code rpicam-vid --codec mjpeg -o -},
 * {@code rpicam-still -o -} or ffmpeg's {@code -f mjpeg} write them) into whole JPEG frames.
 *
 * <p>It walks the JPEG marker structure instead of searching for FFD8/FFD9, because those pairs
 * also occur inside segments: an EXIF APP1 thumbnail is a complete JPEG (docs/hardware.md §3.2).
 * Segment payloads are skipped by their length; inside entropy-coded data FF00 and RSTn continue
 * the scan, FFD9 ends the frame and any other marker (a progressive JPEG's next DHT or SOS) is read
 * as a segment. Junk between frames is skipped.
 *
 * <p>A frame cut short by a new SOI where a marker or scan data should be is dropped, and the new
 * SOI starts the next frame. A frame that breaks the structure (a length wrong for its marker, a
 * reserved marker, a second SOF, a SOF after a scan) is dropped too; it may have had the next
 * frame's SOI swallowed by a segment length read from the wrong bytes, so the hunt for the next
 * SOI rewinds to the segment where things went wrong (never before the frame's SOF when that
 * is to blame, so an EXIF thumbnail is not mistaken for a frame). This recovery is best effort:
 * if a cut lines up exactly with the next frame's markers, the two halves are emitted as one
 * frame, and a bogus length can hide up to 64 KiB of what follows. Whole frames, as cameras write
 * them, are always split exactly. A frame longer than the maximum is dropped without being
 * buffered further.
 *
 * <p>Not thread-safe: call {@link #feed} from one thread. The counters may be read from any thread.
 * The frame sink runs on the feeding thread and must not call {@code feed}.
 */
public final class MjpegSplitter {
  /** Frame size limit used by {@link #MjpegSplitter(Consumer)}: 8 MiB (docs/hardware.md §3.2). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 8 << 20;

  // Larger limits would let the buffer approach the int range; no camera frame is near this.
  private static final int LIMIT_MAX_FRAME_BYTES = 1 << 30;

  private final int maxFrameBytes;
  private final Consumer<byte[]> frameSink;
  private final JpegStreamWalker walker;

  // Volatile so status readers see fresh values; only the feeding thread writes them, so the
  // non-atomic increments are safe.
  private volatile long emittedFrames;
  private volatile long droppedFrames;
  private volatile long oversizedFrames;
  private volatile long junkBytes;

  /** A splitter with the {@link #DEFAULT_MAX_FRAME_BYTES} limit. */
  public MjpegSplitter(Consumer<byte[]> frameSink) {
    this(DEFAULT_MAX_FRAME_BYTES, frameSink);
  }

  /**
   * @param maxFrameBytes longest frame that is emitted; longer ones are dropped and counted
   * @param frameSink receives each complete frame as a new array that it may keep
   */
  public MjpegSplitter(int maxFrameBytes, Consumer<byte[]> frameSink) {
    if (maxFrameBytes < 1 || maxFrameBytes > LIMIT_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be 1.." + LIMIT_MAX_FRAME_BYTES
          + ", was " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.frameSink = Objects.requireNonNull(frameSink, "frameSink");
    this.walker = new JpegStreamWalker(maxFrameBytes, new Counts());
  }

  /** Parses {@code length} bytes of {@code data} from {@code offset}, emitting every frame they complete. */
  public void feed(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    walker.feed(data, offset, length);
  }

  /** Frames handed to the sink. */
  public long emittedFrames() {
    return emittedFrames;
  }

  /** Frames dropped because they were truncated or broke the JPEG structure. */
  public long droppedFrames() {
    return droppedFrames;
  }

  /** Frames dropped because they were longer than the maximum frame size. */
  public long oversizedFrames() {
    return oversizedFrames;
  }

  /** Bytes skipped between frames: never part of any frame, emitted or dropped. */
  public long junkBytes() {
    return junkBytes;
  }

  /** The longest frame that is emitted. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * Forgets any partial frame (counted as dropped) and waits for the next SOI, as when the
   * camera process is restarted and its old stream ends mid-frame. Counters are kept.
   */
  public void reset() {
    walker.reset();
  }

  // For tests: proves the buffer stays bounded while an oversized frame streams past.
  int bufferCapacity() {
    return walker.bufferCapacity();
  }

  private final class Counts implements JpegStreamWalker.Listener {
    @Override
    public void frame(byte[] buf, int from, int to) {
      emittedFrames++;
      frameSink.accept(Arrays.copyOfRange(buf, from, to));
    }

    @Override
    public void lost(boolean oversized) {
      if (oversized) {
        oversizedFrames++;
      } else {
        droppedFrames++;
      }
    }

    @Override
    public void junk(int bytes) {
      junkBytes += bytes;
    }
  }
}
