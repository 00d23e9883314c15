package dev.geminipi.audio;

// Test-side signal generation and measurement, in double so it adds no error of its own.
final class ToneMeter {

  static final double FULL_SCALE = 32767;

  private ToneMeter() {
  }

  static float[] sine(double freqHz, int rateHz, int frames, double amplitude) {
    float[] x = new float[frames];
    for (int n = 0; n < frames; n++) {
      x[n] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * n / rateHz));
    }
    return x;
  }

  static short[] sineShorts(double freqHz, int rateHz, int frames, double amplitude) {
    short[] x = new short[frames];
    for (int n = 0; n < frames; n++) {
      x[n] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * freqHz * n / rateHz));
    }
    return x;
  }

  // Least-squares fit of a sinusoid at exactly freqHz over y[from, from+len): returns {a, b} with
  // y ~ a sin(wn) + b cos(wn). Solving the 2x2 normal equations (rather than a windowed DFT) makes
  // the fit exact for any window length, so the residual holds only what is not the tone.
  static double[] fit(float[] y, int from, int len, double freqHz, int rateHz) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double ys = 0;
    double yc = 0;
    for (int n = 0; n < len; n++) {
      double w = 2 * Math.PI * freqHz * (from + n) / rateHz;
      double s = Math.sin(w);
      double c = Math.cos(w);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      ys += y[from + n] * s;
      yc += y[from + n] * c;
    }
    double det = ss * cc - sc * sc;
    return new double[] {(ys * cc - yc * sc) / det, (yc * ss - ys * sc) / det};
  }

  static double amplitude(float[] y, int from, int len, double freqHz, int rateHz) {
    double[] ab = fit(y, from, len, freqHz, rateHz);
    return Math.hypot(ab[0], ab[1]);
  }

  // RMS of what is left after removing the best-fit tone at freqHz: every alias, image and noise.
  static double residualRms(float[] y, int from, int len, double freqHz, int rateHz) {
    double[] ab = fit(y, from, len, freqHz, rateHz);
    double sum = 0;
    for (int n = 0; n < len; n++) {
      double w = 2 * Math.PI * freqHz * (from + n) / rateHz;
      double r = y[from + n] - ab[0] * Math.sin(w) - ab[1] * Math.cos(w);
      sum += r * r;
    }
    return Math.sqrt(sum / len);
  }

  static double rms(float[] y, int from, int len) {
    double sum = 0;
    for (int n = 0; n < len; n++) {
      sum += (double) y[from + n] * y[from + n];
    }
    return Math.sqrt(sum / len);
  }

  // dB relative to the rms of a full-scale sine.
  static double dbFullScaleSine(double rms) {
    return 20 * Math.log10(rms / (FULL_SCALE / Math.sqrt(2)));
  }
}
