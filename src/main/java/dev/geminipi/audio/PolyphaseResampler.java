package dev.geminipi.audio;

import java.util.Arrays;
import java.util.Objects;

// Rational resampler: conceptually upsample by `up` (zero stuffing), lowpass at the lower Nyquist,
// keep every `down`-th sample. Only the taps that meet a non-zero input are ever computed, so each
// output sample costs one dot product of `taps` coefficients (one polyphase branch) with the newest
// `taps` input samples.
//
// Samples are float in 16-bit units (full scale = 32768) from input to output, so the short path
// converts without scaling and the float path (used by the quality tests) is free of quantisation.
final class PolyphaseResampler implements Resampler {

  // The requirement is 80 dB; 90 dB keeps aliases and images near the 16-bit quantisation noise of a
  // full-scale sine (-98 dB rms) with margin for Kaiser's length estimate, for ~14% more taps.
  static final double STOPBAND_DB = 90;
  // Passband flat up to 0.9 of the lower Nyquist; the stopband starts at that Nyquist itself, so a
  // tone just above it cannot alias to just below it. The transition is 0.1 Nyquist (800 Hz for 16 kHz).
  static final double PASSBAND_EDGE = 0.9;
  // Every common pair of rates (8k/11.025k/16k/22.05k/24k/32k/44.1k/48k/96k/192k) needs at most 640
  // phases (11.025k -> 16k); a larger count means an odd rate and a coefficient table of megabytes.
  static final int MAX_PHASES = 1024;
  // Inputs longer than this are taken in pieces, so the history buffer has a fixed size.
  private static final int BLOCK_FRAMES = 1024;
  // The dot product runs four accumulators to break the add dependency chain; taps are padded to a
  // multiple of four with extra (still windowed) filter length.
  private static final int TAP_ALIGN = 4;

  private final int inRateHz;
  private final int outRateHz;
  private final int up;
  private final int down;
  private final int taps;
  private final int stepFrames;
  private final int stepPhase;
  // Phase p's taps at [p * taps, (p + 1) * taps), reversed so they run oldest sample first.
  private final float[] coeffs;
  // [0, taps - 1) is the tail of earlier calls; input is appended after it.
  private final float[] history;
  private final float[] block;
  private int filled;
  // Index in history of the newest sample the next output needs, and that output's phase.
  private int newest;
  private int phase;

  PolyphaseResampler(int inRateHz, int outRateHz) {
    int gcd = gcd(inRateHz, outRateHz);
    this.inRateHz = inRateHz;
    this.outRateHz = outRateHz;
    this.up = outRateHz / gcd;
    this.down = inRateHz / gcd;
    if (up > MAX_PHASES) {
      throw new IllegalArgumentException("resampling " + inRateHz + " Hz to " + outRateHz + " Hz needs "
          + up + " filter phases, more than " + MAX_PHASES + "; use a common rate such as 16000 or 48000");
    }
    this.stepFrames = down / up;
    this.stepPhase = down % up;

    double prototypeRateHz = (double) up * inRateHz;
    double nyquistHz = Math.min(inRateHz, outRateHz) / 2.0;
    double transition = (1 - PASSBAND_EDGE) * nyquistHz / prototypeRateHz;
    double cutoff = (1 + PASSBAND_EDGE) / 2 * nyquistHz / prototypeRateHz;
    int length = KaiserLowpass.length(STOPBAND_DB, transition);
    int perPhase = (length + up - 1) / up;
    this.taps = (perPhase + TAP_ALIGN - 1) / TAP_ALIGN * TAP_ALIGN;
    // DC gain `up` makes up for the zero stuffing: each phase then sums to ~1.
    double[] h = KaiserLowpass.design(taps * up, cutoff, KaiserLowpass.beta(STOPBAND_DB), up);
    this.coeffs = new float[taps * up];
    for (int p = 0; p < up; p++) {
      for (int j = 0; j < taps; j++) {
        coeffs[p * taps + j] = (float) h[p + (taps - 1 - j) * up];
      }
    }
    this.history = new float[taps - 1 + BLOCK_FRAMES];
    this.block = new float[maxOutputFor(BLOCK_FRAMES)];
    reset();
  }

  @Override
  public int inRateHz() {
    return inRateHz;
  }

  @Override
  public int outRateHz() {
    return outRateHz;
  }

  int tapsPerPhase() {
    return taps;
  }

  int phases() {
    return up;
  }

  // Output frames m are produced while floor(m * down / up) lies in this call's input, and a half-open
  // interval of length n * up / down holds at most ceil of that many integers.
  @Override
  public int maxOutputFor(int inputFrames) {
    if (inputFrames < 0) {
      throw new IllegalArgumentException("inputFrames must be >= 0, was " + inputFrames);
    }
    return (int) (((long) inputFrames * up + down - 1) / down);
  }

  @Override
  public int resample(short[] in, int inOff, int inLen, short[] out, int outOff) {
    checkArgs(in.length, inOff, inLen, out.length, outOff);
    int written = 0;
    while (inLen > 0) {
      int n = Math.min(inLen, BLOCK_FRAMES);
      for (int i = 0; i < n; i++) {
        history[filled + i] = in[inOff + i];
      }
      int made = produce(n);
      for (int i = 0; i < made; i++) {
        out[outOff + written + i] = toShort(block[i]);
      }
      written += made;
      inOff += n;
      inLen -= n;
    }
    return written;
  }

  // The same stream as the short path, without quantisation: for measuring the filter itself.
  int resample(float[] in, int inOff, int inLen, float[] out, int outOff) {
    checkArgs(in.length, inOff, inLen, out.length, outOff);
    int written = 0;
    while (inLen > 0) {
      int n = Math.min(inLen, BLOCK_FRAMES);
      System.arraycopy(in, inOff, history, filled, n);
      int made = produce(n);
      System.arraycopy(block, 0, out, outOff + written, made);
      written += made;
      inOff += n;
      inLen -= n;
    }
    return written;
  }

  @Override
  public void reset() {
    Arrays.fill(history, 0f);
    filled = taps - 1;
    newest = taps - 1;
    phase = 0;
  }

  // Takes the n frames just copied after the history, writes the outputs they complete into `block`,
  // and keeps the last taps - 1 frames for the next call.
  private int produce(int n) {
    filled += n;
    int made = 0;
    while (newest < filled) {
      block[made++] = dot(coeffs, phase * taps, history, newest - taps + 1, taps);
      newest += stepFrames;
      phase += stepPhase;
      if (phase >= up) {
        phase -= up;
        newest++;
      }
    }
    // newest >= filled here, so everything the next output needs lies in the kept tail.
    int from = filled - (taps - 1);
    System.arraycopy(history, from, history, 0, taps - 1);
    newest -= from;
    filled = taps - 1;
    return made;
  }

  private static float dot(float[] c, int cOff, float[] x, int xOff, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int i = 0; i < n; i += TAP_ALIGN) {
      s0 += c[cOff + i] * x[xOff + i];
      s1 += c[cOff + i + 1] * x[xOff + i + 1];
      s2 += c[cOff + i + 2] * x[xOff + i + 2];
      s3 += c[cOff + i + 3] * x[xOff + i + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static short toShort(float sample) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
  }

  private void checkArgs(int inLength, int inOff, int inLen, int outLength, int outOff) {
    Objects.checkFromIndexSize(inOff, inLen, inLength);
    Objects.checkFromIndexSize(outOff, maxOutputFor(inLen), outLength);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
