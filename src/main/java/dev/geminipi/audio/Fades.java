package dev.geminipi.audio;

import java.util.Objects;

/**
 * Short gain ramps so that sound never starts or stops on a non-zero sample, which a speaker plays
 * as a click. A fade lasts {@value #FADE_MS} ms, or the whole region if that is shorter; a faded-in
 * region starts at exactly 0 and a faded-out region ends at exactly 0. Pure, allocation-free helpers.
 */
public final class Fades {

  /** Too short to hear as a fade, long enough that a step's energy stays low instead of a broadband click. */
  public static final int FADE_MS = 5;

  /** The shape of the ramp: a straight line, or half a cosine period, which starts and ends with zero slope. */
  public enum Curve { LINEAR, RAISED_COSINE }

  private Fades() {
  }

  /** Frames in one fade at {@code rateHz}. */
  public static int fadeFrames(int rateHz) {
    return rateHz * FADE_MS / 1000;
  }

  /** Ramps up the first {@link #fadeFrames} frames of {@code samples[off, off + len)}. */
  public static void fadeIn(short[] samples, int off, int len, int rateHz, Curve curve) {
    Objects.checkFromIndexSize(off, len, samples.length);
    int n = Math.min(len, fadeFrames(rateHz));
    for (int i = 0; i < n; i++) {
      samples[off + i] = scale(samples[off + i], gain(curve, i, n));
    }
  }

  /** Ramps down the last {@link #fadeFrames} frames of {@code samples[off, off + len)}. */
  public static void fadeOut(short[] samples, int off, int len, int rateHz, Curve curve) {
    Objects.checkFromIndexSize(off, len, samples.length);
    int n = Math.min(len, fadeFrames(rateHz));
    int last = off + len - 1;
    for (int i = 0; i < n; i++) {
      samples[last - i] = scale(samples[last - i], gain(curve, i, n));
    }
  }

  // Gain of frame i of an n-frame ramp that starts at 0 and would reach 1 at frame n.
  private static double gain(Curve curve, int i, int n) {
    double x = (double) i / n;
    return switch (curve) {
      case LINEAR -> x;
      case RAISED_COSINE -> 0.5 - 0.5 * Math.cos(Math.PI * x);
    };
  }

  private static short scale(short sample, double gain) {
    return (short) Math.round(sample * gain);
  }
}
