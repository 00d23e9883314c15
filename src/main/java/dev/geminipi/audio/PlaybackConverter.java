package dev.geminipi.audio;

import java.util.Objects;

/**
 * Turns 16-bit mono samples into a playback device's interleaved PCM, the same sample on every
 * channel, scaled by a volume with saturation. At a volume other than 1, 24- and 32-bit devices keep
 * the extra resolution the scaling produces.
 *
 * <p>Allocation-free; not thread-safe apart from {@link #setVolume(float)}, which may be called from
 * any thread and takes effect at the next chunk.
 */
public final class PlaybackConverter {

  private final PcmFormat format;
  private final SampleCodec codec;
  private final Gain volume;

  public PlaybackConverter(PcmFormat format, float volume) {
    this.format = Objects.requireNonNull(format, "format");
    this.codec = SampleCodec.of(format);
    this.volume = new Gain(volume);
  }

  public PcmFormat format() {
    return format;
  }

  /** Bytes needed for {@code frames} mono samples in the device format. */
  public int bytesFor(int frames) {
    return frames * format.frameBytes();
  }

  /**
   * Converts {@code frames} samples from {@code in[inOff..]} into {@code out[outOff..]} and returns
   * the number of bytes written.
   */
  public int convert(short[] in, int inOff, int frames, byte[] out, int outOff) {
    int bytes = bytesFor(frames);
    Objects.checkFromIndexSize(inOff, frames, in.length);
    Objects.checkFromIndexSize(outOff, bytes, out.length);
    long q16 = volume.q16();
    int clipped = 0;
    int pos = outOff;
    for (int f = 0; f < frames; f++) {
      long scaled = Gain.apply(in[inOff + f] << 16, q16);
      int v = Gain.saturate(scaled);
      if (v != scaled) {
        clipped++;
      }
      for (int c = 0; c < format.channels(); c++, pos += codec.bytes) {
        codec.write(v, out, pos);
      }
    }
    volume.addClipped(clipped);
    return bytes;
  }

  public void setVolume(float volume) {
    this.volume.set(volume);
  }

  public float volume() {
    return volume.get();
  }

  /** Samples saturated by a volume above 1 since this converter was made. */
  public long clippedSamples() {
    return volume.clipped();
  }
}
