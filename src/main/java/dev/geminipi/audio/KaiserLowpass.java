package dev.geminipi.audio;

// Windowed-sinc lowpass design with a Kaiser window: pure functions, no state.
// Frequencies are in cycles per sample of the rate the filter runs at.
final class KaiserLowpass {

  private KaiserLowpass() {
  }

  // Kaiser's empirical beta for a stopband of attenuationDb (Oppenheim & Schafer, eq. 7.62).
  static double beta(double attenuationDb) {
    if (attenuationDb > 50) {
      return 0.1102 * (attenuationDb - 8.7);
    }
    if (attenuationDb >= 21) {
      return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
    }
    return 0;
  }

  // Kaiser's estimate of the length that reaches attenuationDb over a transition band (O&S, eq. 7.63).
  static int length(double attenuationDb, double transitionCycles) {
    return (int) Math.ceil((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionCycles)) + 1;
  }

  // Linear-phase lowpass of `taps` coefficients with its -6 dB point at cutoffCycles, scaled so the
  // coefficients sum to dcGain.
  static double[] design(int taps, double cutoffCycles, double beta, double dcGain) {
    double[] h = new double[taps];
    double centre = (taps - 1) / 2.0;
    double i0Beta = besselI0(beta);
    double sum = 0;
    for (int n = 0; n < taps; n++) {
      double t = n - centre;
      double sinc = t == 0 ? 2 * cutoffCycles : Math.sin(2 * Math.PI * cutoffCycles * t) / (Math.PI * t);
      double r = centre == 0 ? 0 : t / centre;
      double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      h[n] = sinc * window;
      sum += h[n];
    }
    double scale = dcGain / sum;
    for (int n = 0; n < taps; n++) {
      h[n] *= scale;
    }
    return h;
  }

  // Modified Bessel function of the first kind, order 0, by its power series (fast for beta < 20).
  static double besselI0(double x) {
    double term = 1;
    double sum = 1;
    double halfX = x / 2;
    for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= (halfX / k) * (halfX / k);
      sum += term;
    }
    return sum;
  }
}
