package dev.geminipi.audio;

// Comparisons a listener would agree with: normalized cross-correlation finds the reference in a
// recording whatever the delay, and is 1 only when the shapes match.
final class Signals {

  private Signals() {
  }

  /** Best lag and correlation of {@code reference} inside {@code signal}. */
  record Match(int lag, double correlation) {
  }

  /**
   * The highest normalized cross-correlation of {@code reference} against {@code signal} shifted by
   * 0..maxLag samples (signal[n + lag] against reference[n]), over the reference's length.
   */
  static Match bestMatch(short[] signal, short[] reference, int maxLag) {
    double refEnergy = 0;
    for (short r : reference) {
      refEnergy += (double) r * r;
    }
    Match best = new Match(-1, -2);
    for (int lag = 0; lag <= maxLag; lag++) {
      int n = Math.min(reference.length, signal.length - lag);
      if (n <= 0) {
        break;
      }
      double dot = 0;
      double sigEnergy = 0;
      for (int i = 0; i < n; i++) {
        double s = signal[i + lag];
        dot += s * reference[i];
        sigEnergy += s * s;
      }
      double c = sigEnergy == 0 || refEnergy == 0 ? 0 : dot / Math.sqrt(sigEnergy * refEnergy);
      if (c > best.correlation()) {
        best = new Match(lag, c);
      }
    }
    return best;
  }

  static double rms(short[] x, int from, int len) {
    double sum = 0;
    for (int i = from; i < from + len; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / Math.max(1, len));
  }

  static short[] concat(java.util.List<short[]> parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
