package dev.geminipi.audio;

/**
 * Short feedback sounds generated in code: 16-bit mono at the rate asked for (so they can go to the
 * speaker without resampling), sine notes with {@link Fades} on every edge, peak about -12 dBFS so
 * they sit below the model's speech. Pure functions; each call returns a new array.
 */
public final class Earcons {

  /** Peak level of every earcon, in dB relative to full scale. */
  public static final double PEAK_DBFS = -12;

  public static final int MIN_RATE_HZ = 8_000;
  public static final int MAX_RATE_HZ = 192_000;

  // Wake and end are a rising and a falling fifth (660/990 Hz): easy to tell apart and well inside what a
  // small speaker plays. Error is lower and repeated, so it reads as "no" without a word.
  private static final double LOW_HZ = 660;
  private static final double HIGH_HZ = 990;
  // A 40 mm speaker rolls off below ~300 Hz; 400 Hz is the lowest note that still comes out clearly.
  private static final double ERROR_HZ = 400;
  private static final double SILENCE = 0;

  private Earcons() {
  }

  /** Rising two-note chirp, 150 ms: a conversation starts listening. */
  public static short[] wake(int rateHz) {
    return notes(rateHz, new double[] {LOW_HZ, HIGH_HZ}, new int[] {70, 80});
  }

  /** Falling two-note chirp, 150 ms: the conversation ended. */
  public static short[] end(int rateHz) {
    return notes(rateHz, new double[] {HIGH_HZ, LOW_HZ}, new int[] {70, 80});
  }

  /** Low double beep, 300 ms: something failed. */
  public static short[] error(int rateHz) {
    return notes(rateHz, new double[] {ERROR_HZ, SILENCE, ERROR_HZ}, new int[] {120, 60, 120});
  }

  private static short[] notes(int rateHz, double[] freqsHz, int[] durationsMs) {
    if (rateHz < MIN_RATE_HZ || rateHz > MAX_RATE_HZ) {
      throw new IllegalArgumentException(
          "rateHz must be " + MIN_RATE_HZ + ".." + MAX_RATE_HZ + " Hz, was " + rateHz);
    }
    int totalMs = 0;
    for (int ms : durationsMs) {
      totalMs += ms;
    }
    short[] out = new short[(int) ((long) rateHz * totalMs / 1000)];
    double amplitude = Short.MAX_VALUE * Math.pow(10, PEAK_DBFS / 20);
    int start = 0;
    int elapsedMs = 0;
    for (int k = 0; k < freqsHz.length; k++) {
      elapsedMs += durationsMs[k];
      // note ends derived from the running total, so the frame counts add up to the whole length
      int end = (int) ((long) rateHz * elapsedMs / 1000);
      if (freqsHz[k] != SILENCE) {
        for (int n = start; n < end; n++) {
          out[n] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * freqsHz[k] * (n - start) / rateHz));
        }
        Fades.fadeIn(out, start, end - start, rateHz, Fades.Curve.RAISED_COSINE);
        Fades.fadeOut(out, start, end - start, rateHz, Fades.Curve.RAISED_COSINE);
      }
      start = end;
    }
    return out;
  }
}
