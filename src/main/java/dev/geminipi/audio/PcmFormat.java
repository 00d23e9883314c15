package dev.geminipi.audio;

/**
 * The layout of interleaved signed linear PCM as a sound device delivers or accepts it: 16-, 24-
 * (packed in 3 bytes) or 32-bit samples, 1 to 8 channels, little- or big-endian. The fields mirror
 * javax.sound's {@code AudioFormat} so that the device layer can map one to the other directly.
 */
public record PcmFormat(int bitsPerSample, int channels, boolean bigEndian) {

  public static final int MAX_CHANNELS = 8;

  /** The format of Gemini Live's audio: 16-bit little-endian mono. */
  public static final PcmFormat S16LE_MONO = new PcmFormat(16, 1, false);

  public PcmFormat {
    if (bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
      throw new IllegalArgumentException("bitsPerSample must be 16, 24 or 32, was " + bitsPerSample);
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException("channels must be 1.." + MAX_CHANNELS + ", was " + channels);
    }
  }

  public int bytesPerSample() {
    return bitsPerSample / 8;
  }

  public int frameBytes() {
    return bytesPerSample() * channels;
  }
}
