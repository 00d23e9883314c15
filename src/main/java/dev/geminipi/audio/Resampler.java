package dev.geminipi.audio;

/**
 * Streaming sample-rate converter for 16-bit mono PCM.
 *
 * <p>Get one from {@link #of(int, int)}: equal rates give a passthrough that copies, other
 * rates a band-limited polyphase windowed-sinc filter (passband flat within 0.1 dB up to
 * 0.9 of the lower Nyquist frequency, aliases and images at least 80 dB down). The filter
 * keeps its history between calls, so a stream cut into chunks of any size gives exactly
 * the samples it would give in one block. Calls allocate nothing.
 *
 * <p>Not thread-safe: one instance per stream, driven by one thread.
 */
public sealed interface Resampler permits PolyphaseResampler, PassthroughResampler {

  /** Lowest rate accepted, in Hz. */
  int MIN_RATE_HZ = 4_000;
  /** Highest rate accepted, in Hz. */
  int MAX_RATE_HZ = 192_000;

  /**
   * A resampler from {@code inRateHz} to {@code outRateHz}.
   *
   * @throws IllegalArgumentException if a rate is outside {@value #MIN_RATE_HZ}..{@value #MAX_RATE_HZ} Hz,
   *     or the reduced ratio out:in has a numerator above 1024
   */
  static Resampler of(int inRateHz, int outRateHz) {
    checkRate("inRateHz", inRateHz);
    checkRate("outRateHz", outRateHz);
    return inRateHz == outRateHz
        ? new PassthroughResampler(inRateHz)
        : new PolyphaseResampler(inRateHz, outRateHz);
  }

  int inRateHz();

  int outRateHz();

  /** The most frames one call can write for {@code inputFrames} input frames; size output arrays with it. */
  int maxOutputFor(int inputFrames);

  /**
   * Converts {@code inLen} frames from {@code in[inOff..]} into {@code out[outOff..]} and returns the
   * number of frames written. {@code out} must have room for {@link #maxOutputFor(int) maxOutputFor(inLen)}.
   */
  int resample(short[] in, int inOff, int inLen, short[] out, int outOff);

  /** Forgets the filter history, as after a flush or barge-in; the next call starts from silence. */
  void reset();

  private static void checkRate(String name, int rateHz) {
    if (rateHz < MIN_RATE_HZ || rateHz > MAX_RATE_HZ) {
      throw new IllegalArgumentException(
          name + " must be " + MIN_RATE_HZ + ".." + MAX_RATE_HZ + " Hz, was " + rateHz);
    }
  }
}
