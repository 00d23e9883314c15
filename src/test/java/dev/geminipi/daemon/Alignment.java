package dev.geminipi.daemon;

/**
 * Where a known signal sits inside a recording, and how much of it survived: for audio that
 * went through the device and the wire and should come out sample for sample.
 */
final class Alignment {
  /** 5 ms at 16 kHz: the coarse search compares loudness envelopes of this resolution. */
  private static final int BLOCK = 80;

  private Alignment() {
  }

  /**
   * The offset in {@code recording} at which {@code signal} fits best; negative when the
   * recording starts inside the signal.
   */
  static int bestLag(short[] signal, short[] recording) {
    double[] a = envelope(signal);
    double[] b = envelope(recording);
    double na = 0;
    for (double x : a) {
      na += x * x;
    }
    int coarse = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int k = -a.length + 1; k < b.length; k++) {
      double dot = 0;
      double nb = 0;
      for (int i = Math.max(0, -k); i < a.length && i + k < b.length; i++) {
        dot += a[i] * b[i + k];
        nb += b[i + k] * b[i + k];
      }
      // over the signal's whole length, so a lag where only a sliver of it lines up with the
      // recording scores low
      double score = nb == 0 ? 0 : dot / Math.sqrt(na * nb);
      if (score > best) {
        best = score;
        coarse = k * BLOCK;
      }
    }
    int lag = coarse;
    best = Double.NEGATIVE_INFINITY;
    // envelopes line up only roughly: speech has many similar syllables
    for (int k = coarse - 8 * BLOCK; k <= coarse + 8 * BLOCK; k++) {
      double c = correlation(signal, recording, k);
      if (c > best) {
        best = c;
        lag = k;
      }
    }
    return lag;
  }

  /**
   * Normalised correlation of {@code signal} with the recording at {@code lag}, over the
   * signal's whole length; what the recording lacks there counts as silence.
   */
  static double correlation(short[] signal, short[] recording, int lag) {
    double dot = 0;
    double ns = 0;
    double nr = 0;
    for (int i = 0; i < signal.length; i++) {
      int j = i + lag;
      double r = j >= 0 && j < recording.length ? recording[j] : 0;
      dot += signal[i] * r;
      ns += (double) signal[i] * signal[i];
      nr += r * r;
    }
    return ns == 0 || nr == 0 ? 0 : dot / Math.sqrt(ns * nr);
  }

  /**
   * The longest run of samples in which the recording at {@code lag} is digital zero while the
   * signal is not: a hole cut into it.
   */
  static int longestZeroRun(short[] signal, short[] recording, int lag) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < signal.length; i++) {
      int j = i + lag;
      boolean silent = j < 0 || j >= recording.length || recording[j] == 0;
      if (silent && signal[i] != 0) {
        run++;
        longest = Math.max(longest, run);
      } else if (!silent) {
        run = 0;
      }
    }
    return longest;
  }

  private static double[] envelope(short[] s) {
    double[] e = new double[s.length / BLOCK];
    for (int b = 0; b < e.length; b++) {
      double sum = 0;
      for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
        sum += Math.abs(s[i]);
      }
      e[b] = sum / BLOCK;
    }
    return e;
  }
}
