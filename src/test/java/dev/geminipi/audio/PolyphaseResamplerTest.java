package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

// Measures the filter through the float path with full-scale tones (16-bit output would floor the
// measurement near -98 dB). Each case prints one line with its figures.
class PolyphaseResamplerTest {

  // A coarse grid over the whole band plus a fine one over the tenth next to the critical edge, where
  // the filter's largest ripple and first stopband lobes sit (Kaiser lobes narrow there).
  private static final int COARSE_TONES = 97;
  private static final int FINE_TONES = 64;
  private static final int TONES = COARSE_TONES + FINE_TONES;
  private static final double RIPPLE_LIMIT_DB = 0.1;
  private static final double SPUR_LIMIT_DB = -80;

  @Test
  void resample_48kTo16k_passbandWithin0p1dB() {
    assertPassband(48_000, 16_000);
  }

  @Test
  void resample_44k1To16k_passbandWithin0p1dB() {
    assertPassband(44_100, 16_000);
  }

  @Test
  void resample_24kTo48k_passbandWithin0p1dB() {
    assertPassband(24_000, 48_000);
  }

  @Test
  void resample_24kTo44k1_passbandWithin0p1dB() {
    assertPassband(24_000, 44_100);
  }

  @Test
  void resample_48kTo16k_aliasesBelow80dB() {
    assertAliases(48_000, 16_000);
  }

  @Test
  void resample_44k1To16k_aliasesBelow80dB() {
    assertAliases(44_100, 16_000);
  }

  @Test
  void resample_24kTo48k_imagesBelow80dB() {
    assertImages(24_000, 48_000);
  }

  @Test
  void resample_24kTo44k1_imagesBelow80dB() {
    assertImages(24_000, 44_100);
  }

  // Tones from 20 Hz to 0.9 of the lower Nyquist: each comes out at its input amplitude within 0.1 dB.
  private static void assertPassband(int inRateHz, int outRateHz) {
    PolyphaseResampler r = new PolyphaseResampler(inRateHz, outRateHz);
    double edgeHz = PolyphaseResampler.PASSBAND_EDGE * Math.min(inRateHz, outRateHz) / 2.0;
    double worstLow = 0;
    double worstHigh = 0;
    for (int i = 0; i < TONES; i++) {
      double freqHz = tone(i, 20, edgeHz, edgeHz * 8 / 9, edgeHz);
      Output out = run(r, freqHz);
      double gainDb = 20 * Math.log10(
          ToneMeter.amplitude(out.samples, out.from, out.len, freqHz, outRateHz) / ToneMeter.FULL_SCALE);
      worstLow = Math.min(worstLow, gainDb);
      worstHigh = Math.max(worstHigh, gainDb);
      assertTrue(Math.abs(gainDb) <= RIPPLE_LIMIT_DB,
          () -> label(r) + ": " + freqHz + " Hz comes out at " + gainDb + " dB, expected within 0.1 dB");
    }
    System.out.printf("%s passband 20..%.0f Hz (%d tones): %+.5f / %+.5f dB%n",
        label(r), edgeHz, TONES, worstLow, worstHigh);
  }

  // Tones from the output Nyquist up to the input Nyquist must vanish: every sample that comes out
  // is an alias, wherever it lands, so the whole output rms is the alias level.
  private static void assertAliases(int inRateHz, int outRateHz) {
    PolyphaseResampler r = new PolyphaseResampler(inRateHz, outRateHz);
    double lowHz = outRateHz / 2.0;
    double highHz = inRateHz / 2.0 - 10;
    double worstDb = -Double.MAX_VALUE;
    double worstHz = 0;
    for (int i = 0; i < TONES; i++) {
      double freqHz = tone(i, lowHz, highHz, lowHz, lowHz * 1.1);
      Output out = run(r, freqHz);
      double aliasDb = ToneMeter.dbFullScaleSine(ToneMeter.rms(out.samples, out.from, out.len));
      if (aliasDb > worstDb) {
        worstDb = aliasDb;
        worstHz = freqHz;
      }
    }
    System.out.printf("%s aliases from %.0f..%.0f Hz input (%d tones): worst %.1f dB (input %.0f Hz)%n",
        label(r), lowHz, highHz, TONES, worstDb, worstHz);
    assertTrue(worstDb <= SPUR_LIMIT_DB,
        label(r) + ": alias at " + worstDb + " dB for " + worstHz + " Hz, expected <= -80 dB");
  }

  // Tones across the whole input band (0..input Nyquist): what is left after removing the tone itself
  // is the images above the input Nyquist, plus anything they fold onto at the output rate.
  private static void assertImages(int inRateHz, int outRateHz) {
    PolyphaseResampler r = new PolyphaseResampler(inRateHz, outRateHz);
    double highHz = inRateHz / 2.0 - 10;
    double worstDb = -Double.MAX_VALUE;
    double worstHz = 0;
    for (int i = 0; i < TONES; i++) {
      double freqHz = tone(i, 20, highHz, highHz * 0.9, highHz);
      Output out = run(r, freqHz);
      double imageDb = ToneMeter.dbFullScaleSine(
          ToneMeter.residualRms(out.samples, out.from, out.len, freqHz, outRateHz));
      if (imageDb > worstDb) {
        worstDb = imageDb;
        worstHz = freqHz;
      }
    }
    System.out.printf("%s images for 20..%.0f Hz input (%d tones): worst %.1f dB (input %.0f Hz)%n",
        label(r), highHz, TONES, worstDb, worstHz);
    assertTrue(worstDb <= SPUR_LIMIT_DB,
        label(r) + ": images at " + worstDb + " dB for " + worstHz + " Hz, expected <= -80 dB");
  }

  // Tone i of the coarse grid over [lowHz, highHz] followed by the fine grid over [fineLowHz, fineHighHz].
  private static double tone(int i, double lowHz, double highHz, double fineLowHz, double fineHighHz) {
    return i < COARSE_TONES
        ? lowHz + (highHz - lowHz) * i / (COARSE_TONES - 1)
        : fineLowHz + (fineHighHz - fineLowHz) * (i - COARSE_TONES) / (FINE_TONES - 1);
  }

  private record Output(float[] samples, int from, int len) {
  }

  // Resamples a full-scale tone from a clean start and returns the settled part of the output:
  // the first taps-per-phase input frames (plus margin) are the filter filling up.
  private static Output run(PolyphaseResampler r, double freqHz) {
    int measureFrames = 8192;
    int settleFrames = (int) Math.ceil((double) r.tapsPerPhase() * r.outRateHz() / r.inRateHz()) + 64;
    int inFrames = (int) Math.ceil((double) (settleFrames + measureFrames) * r.inRateHz() / r.outRateHz()) + 8;
    float[] in = ToneMeter.sine(freqHz, r.inRateHz(), inFrames, ToneMeter.FULL_SCALE);
    float[] out = new float[r.maxOutputFor(inFrames)];
    r.reset();
    int made = r.resample(in, 0, inFrames, out, 0);
    assertTrue(made >= settleFrames + measureFrames, "made " + made);
    return new Output(out, settleFrames, measureFrames);
  }

  private static String label(PolyphaseResampler r) {
    return r.inRateHz() + "->" + r.outRateHz() + " Hz (" + r.phases() + " phases x " + r.tapsPerPhase() + " taps)";
  }
}
