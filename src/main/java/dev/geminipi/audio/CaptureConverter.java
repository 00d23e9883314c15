package dev.geminipi.audio;

import java.util.Objects;

/**
 * Turns a capture device's interleaved PCM into 16-bit mono samples: one chosen channel or the
 * average of all of them, scaled by a gain with saturation. Samples that saturate are counted, so a
 * gain set too high shows up in status instead of as distorted speech.
 *
 * <p>Allocation-free; not thread-safe apart from {@link #setGain(float)}, which may be called from
 * any thread and takes effect at the next chunk.
 */
public final class CaptureConverter {

  private static final int MIX_ALL = -1;

  private final PcmFormat format;
  private final SampleCodec codec;
  private final int channel;
  private final Gain gain;

  private CaptureConverter(PcmFormat format, int channel, float gain) {
    this.format = Objects.requireNonNull(format, "format");
    this.codec = SampleCodec.of(format);
    this.channel = channel;
    this.gain = new Gain(gain);
  }

  /**
   * Averages all channels of {@code format}. A board that wires one mic to one side of a stereo
   * stream loses 6 dB this way; use {@link #pickingChannel} for it.
   */
  public static CaptureConverter mixingAll(PcmFormat format, float gain) {
    return new CaptureConverter(format, MIX_ALL, gain);
  }

  /** Keeps only channel {@code channel} (0-based) of {@code format}. */
  public static CaptureConverter pickingChannel(PcmFormat format, int channel, float gain) {
    if (channel < 0 || channel >= format.channels()) {
      throw new IllegalArgumentException(
          "channel must be 0.." + (format.channels() - 1) + " for " + format + ", was " + channel);
    }
    return new CaptureConverter(format, channel, gain);
  }

  public PcmFormat format() {
    return format;
  }

  /**
   * Converts {@code inBytes} bytes (whole frames) from {@code in[inOff..]} into {@code out[outOff..]}
   * and returns the number of samples written, one per frame.
   */
  public int convert(byte[] in, int inOff, int inBytes, short[] out, int outOff) {
    int frameBytes = format.frameBytes();
    if (inBytes % frameBytes != 0) {
      throw new IllegalArgumentException(
          "inBytes must be whole frames of " + frameBytes + " bytes for " + format + ", was " + inBytes);
    }
    int frames = inBytes / frameBytes;
    Objects.checkFromIndexSize(inOff, inBytes, in.length);
    Objects.checkFromIndexSize(outOff, frames, out.length);
    long q16 = gain.q16();
    int clipped = 0;
    int pos = inOff;
    for (int f = 0; f < frames; f++, pos += frameBytes) {
      int s32 = channel == MIX_ALL ? mix(in, pos) : codec.read(in, pos + channel * codec.bytes);
      long scaled = Gain.apply(s32, q16);
      int v = Gain.saturate(scaled);
      if (v != scaled) {
        clipped++;
      }
      // Truncating (not rounding) to 16 bits: rounding would push full-scale 24/32-bit samples to
      // +32768 and count clips at unity gain.
      out[outOff + f] = (short) (v >> 16);
    }
    gain.addClipped(clipped);
    return frames;
  }

  private int mix(byte[] in, int pos) {
    long sum = 0;
    for (int c = 0; c < format.channels(); c++) {
      sum += codec.read(in, pos + c * codec.bytes);
    }
    return (int) Math.floorDiv(sum, format.channels());
  }

  public void setGain(float gain) {
    this.gain.set(gain);
  }

  public float gain() {
    return gain.get();
  }

  /** Samples saturated by the gain since this converter was made. */
  public long clippedSamples() {
    return gain.clipped();
  }
}
