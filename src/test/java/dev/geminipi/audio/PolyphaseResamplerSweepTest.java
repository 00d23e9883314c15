package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

// Linear sine sweeps streamed through Resampler.of in 20 ms pieces of 16-bit samples, the way the
// capture and playback threads feed it, judged in 10 ms windows of output where the sweep's
// instantaneous frequency is known. PolyphaseResamplerTest measures still tones through the float
// path, free of 16-bit rounding; this one checks that the real short path keeps the same bounds while
// the frequency moves and the stream is cut into pieces. The 16-bit rounding of input and output
// measures about -95 dB in a window, far enough under the -80 dB bound not to decide the outcome.
class PolyphaseResamplerSweepTest {

  private static final int PIECE_MS = 20;
  private static final int WINDOW_MS = 10;
  // Slow enough that a window (10 ms) and the filter (~7 ms) see a near-steady tone: the frequency
  // moves 6 Hz per window, against a filter transition of 800 Hz or more.
  private static final double SWEEP_HZ_PER_S = 600;
  // Headroom over the 0.1 dB ripple, so no passband sample clips at 16 bits.
  private static final double AMPLITUDE = 0.95 * ToneMeter.FULL_SCALE;
  private static final double RIPPLE_LIMIT_DB = 0.1;
  private static final double SPUR_LIMIT_DB = -80;
  // A sampled sweep right at the input Nyquist has a beating sample envelope; stop short of it.
  private static final double NYQUIST_MARGIN_HZ = 100;
  // Upsampling: the fit that removes the sweep from a window spans about ±100 Hz around it, so stop
  // where the nearest image (in/2 + (in/2 - f)) is still 500 Hz away and cannot be fitted away.
  private static final double IMAGE_MARGIN_HZ = 250;

  @Test
  void sweep_48kTo16k_passbandWithin0p1dB() {
    assertPassband(48_000, 16_000);
  }

  @Test
  void sweep_44k1To16k_passbandWithin0p1dB() {
    assertPassband(44_100, 16_000);
  }

  @Test
  void sweep_24kTo48k_passbandWithin0p1dB() {
    assertPassband(24_000, 48_000);
  }

  @Test
  void sweep_24kTo44k1_passbandWithin0p1dB() {
    assertPassband(24_000, 44_100);
  }

  @Test
  void sweep_48kTo16k_aliasesBelow80dB() {
    assertAliases(48_000, 16_000);
  }

  @Test
  void sweep_44k1To16k_aliasesBelow80dB() {
    assertAliases(44_100, 16_000);
  }

  @Test
  void sweep_24kTo48k_imagesBelow80dB() {
    assertImages(24_000, 48_000);
  }

  @Test
  void sweep_24kTo44k1_imagesBelow80dB() {
    assertImages(24_000, 44_100);
  }

  // 20 Hz to 0.9 of the lower Nyquist: in every window the output's rms is the ideal (delayed,
  // unfiltered) sweep's rms at the same instants within 0.1 dB, and nothing but the sweep is there.
  private static void assertPassband(int inRateHz, int outRateHz) {
    double edgeHz = PolyphaseResampler.PASSBAND_EDGE * Math.min(inRateHz, outRateHz) / 2.0;
    Run run = Run.of(inRateHz, outRateHz, new Sweep(20, edgeHz));
    Worst level = new Worst();
    Worst lowest = new Worst();
    Worst residual = new Worst();
    for (int w = run.firstWindow(); w + run.window <= run.made; w += run.window) {
      double freqHz = run.frequencyAt(w);
      double levelDb = 20 * Math.log10(run.rms(w) / run.idealRms(w));
      level.note(Math.abs(levelDb), freqHz);
      lowest.note(-levelDb, freqHz);
      residual.note(ToneMeter.dbFullScaleSine(run.residualRms(w) * ToneMeter.FULL_SCALE / AMPLITUDE), freqHz);
    }
    Figures.report("%s sweep 20..%.0f Hz, %d windows of %d ms: level within %.4f dB (at %.0f Hz; lowest %+.4f dB "
        + "at %.0f Hz), residual worst %.1f dB (at %.0f Hz)", run.label(), edgeHz, level.count, WINDOW_MS,
        level.db, level.hz, -lowest.db, lowest.hz, residual.db, residual.hz);
    assertTrue(level.count > 500, "judged " + level.count + " windows");
    assertTrue(level.db <= RIPPLE_LIMIT_DB, run.label() + ": level off by " + level.db + " dB at " + level.hz
        + " Hz, expected within 0.1 dB");
    assertTrue(residual.db <= SPUR_LIMIT_DB, run.label() + ": " + residual.db + " dB besides the sweep at "
        + residual.hz + " Hz, expected <= -80 dB");
  }

  // From the output Nyquist, where the stopband starts, to the input Nyquist: nothing of the sweep
  // belongs in the output, so everything in a window is alias, wherever it lands.
  private static void assertAliases(int inRateHz, int outRateHz) {
    Run run = Run.of(inRateHz, outRateHz, new Sweep(outRateHz / 2.0, inRateHz / 2.0 - NYQUIST_MARGIN_HZ));
    Worst alias = new Worst();
    for (int w = run.firstWindow(); w + run.window <= run.made; w += run.window) {
      alias.note(ToneMeter.dbFullScaleSine(run.rms(w) * ToneMeter.FULL_SCALE / AMPLITUDE), run.frequencyAt(w));
    }
    Figures.report("%s sweep %.0f..%.0f Hz, %d windows of %d ms: aliases worst %.1f dB (input at %.0f Hz)",
        run.label(), outRateHz / 2.0, inRateHz / 2.0 - NYQUIST_MARGIN_HZ, alias.count, WINDOW_MS, alias.db,
        alias.hz);
    assertTrue(alias.count > 500, "judged " + alias.count + " windows");
    assertTrue(alias.db <= SPUR_LIMIT_DB, run.label() + ": alias at " + alias.db + " dB for input at " + alias.hz
        + " Hz, expected <= -80 dB");
  }

  // Across the input band, including the transition tenth the passband sweep leaves out: whatever is
  // left after fitting away the sweep itself is images above the input Nyquist and what they fold
  // onto at the output rate. The fit allows the sweep's level to slope within a window, because in
  // the transition band the filter's gain falls steeply with frequency.
  private static void assertImages(int inRateHz, int outRateHz) {
    double topHz = inRateHz / 2.0 - IMAGE_MARGIN_HZ;
    Run run = Run.of(inRateHz, outRateHz, new Sweep(20, topHz));
    Worst image = new Worst();
    for (int w = run.firstWindow(); w + run.window <= run.made; w += run.window) {
      image.note(ToneMeter.dbFullScaleSine(run.residualRms(w) * ToneMeter.FULL_SCALE / AMPLITUDE),
          run.frequencyAt(w));
    }
    Figures.report("%s sweep 20..%.0f Hz, %d windows of %d ms: images worst %.1f dB (input at %.0f Hz)",
        run.label(), topHz, image.count, WINDOW_MS, image.db, image.hz);
    assertTrue(image.count > 500, "judged " + image.count + " windows");
    assertTrue(image.db <= SPUR_LIMIT_DB, run.label() + ": images at " + image.db + " dB for input at " + image.hz
        + " Hz, expected <= -80 dB");
  }

  private static final class Worst {
    double db = -Double.MAX_VALUE;
    double hz;
    int count;

    void note(double valueDb, double atHz) {
      count++;
      if (valueDb > db) {
        db = valueDb;
        hz = atHz;
      }
    }
  }

  // A linear sweep from startHz to endHz at SWEEP_HZ_PER_S, starting at phase 0 at t = 0.
  private record Sweep(double startHz, double endHz) {
    double seconds() {
      return (endHz - startHz) / SWEEP_HZ_PER_S;
    }

    double phase(double t) {
      return 2 * Math.PI * (startHz * t + SWEEP_HZ_PER_S * t * t / 2);
    }

    double frequency(double t) {
      return startHz + SWEEP_HZ_PER_S * t;
    }
  }

  // One sweep through a fresh resampler, and the windows to judge in its output.
  private static final class Run {
    final PolyphaseResampler resampler;
    final Sweep sweep;
    final int outRateHz;
    final short[] out;
    final int made;
    final int window;
    // The filter is symmetric (linear phase), so output m shows the input as it was at
    // m / outRate - delay: half the prototype filter's length.
    final double delaySeconds;

    private Run(PolyphaseResampler resampler, Sweep sweep, short[] out, int made) {
      this.resampler = resampler;
      this.sweep = sweep;
      this.outRateHz = resampler.outRateHz();
      this.out = out;
      this.made = made;
      this.window = outRateHz * WINDOW_MS / 1000;
      int prototypeTaps = resampler.tapsPerPhase() * resampler.phases();
      this.delaySeconds = (prototypeTaps - 1) / (2.0 * resampler.phases() * resampler.inRateHz());
    }

    static Run of(int inRateHz, int outRateHz, Sweep sweep) {
      if (!(Resampler.of(inRateHz, outRateHz) instanceof PolyphaseResampler r)) {
        throw new AssertionError(inRateHz + " -> " + outRateHz + " Hz is not a polyphase resampler");
      }
      int frames = (int) (sweep.seconds() * inRateHz);
      short[] in = new short[frames];
      for (int n = 0; n < frames; n++) {
        in[n] = (short) Math.round(AMPLITUDE * Math.sin(sweep.phase((double) n / inRateHz)));
      }
      int piece = inRateHz * PIECE_MS / 1000;
      short[] out = new short[r.maxOutputFor(frames) + r.maxOutputFor(piece)];
      int made = 0;
      for (int from = 0; from < frames; from += piece) {
        made += r.resample(in, from, Math.min(piece, frames - from), out, made);
      }
      return new Run(r, sweep, out, made);
    }

    // The instant of the input that output m shows.
    double inputTime(int m) {
      return (double) m / outRateHz - delaySeconds;
    }

    // Output m is computed from the input within delaySeconds either side of inputTime(m); before
    // the whole span lies inside the sweep, the filter still holds the silence from before it, and
    // the output is the filter settling on the sweep's abrupt onset, not its steady response.
    // (There is no settling at the end: an output is only made once all its input has arrived.)
    int firstWindow() {
      int m = (int) Math.ceil(2 * delaySeconds * outRateHz);
      return (m + window - 1) / window * window;
    }

    double frequencyAt(int w) {
      return sweep.frequency(inputTime(w + window / 2));
    }

    double rms(int w) {
      double sum = 0;
      for (int m = w; m < w + window; m++) {
        sum += (double) out[m] * out[m];
      }
      return Math.sqrt(sum / window);
    }

    // The rms the window would have if the resampler were a perfect, flat, band-limited delay.
    double idealRms(int w) {
      double sum = 0;
      for (int m = w; m < w + window; m++) {
        double x = AMPLITUDE * Math.sin(sweep.phase(inputTime(m)));
        sum += x * x;
      }
      return Math.sqrt(sum / window);
    }

    // The rms left after a least-squares fit of (a + b t) sin + (c + d t) cos of the sweep's own
    // phase: the sweep at whatever level and slope the filter gives it, removed.
    double residualRms(int w) {
      double[][] basis = new double[4][window];
      for (int i = 0; i < window; i++) {
        double t = inputTime(w + i);
        double p = sweep.phase(t);
        double s = (i - window / 2.0) / window;
        basis[0][i] = Math.sin(p);
        basis[1][i] = Math.cos(p);
        basis[2][i] = s * Math.sin(p);
        basis[3][i] = s * Math.cos(p);
      }
      double[][] normal = new double[4][5];
      for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 4; k++) {
          double dot = 0;
          for (int i = 0; i < window; i++) {
            dot += basis[j][i] * basis[k][i];
          }
          normal[j][k] = dot;
        }
        double dot = 0;
        for (int i = 0; i < window; i++) {
          dot += basis[j][i] * out[w + i];
        }
        normal[j][4] = dot;
      }
      double[] coef = solve(normal);
      double sum = 0;
      for (int i = 0; i < window; i++) {
        double r = out[w + i];
        for (int j = 0; j < 4; j++) {
          r -= coef[j] * basis[j][i];
        }
        sum += r * r;
      }
      return Math.sqrt(sum / window);
    }

    String label() {
      return resampler.inRateHz() + "->" + outRateHz + " Hz";
    }
  }

  // Gaussian elimination with partial pivoting on an n x (n+1) augmented matrix.
  private static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= n; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = a[r][n];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * x[c];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
