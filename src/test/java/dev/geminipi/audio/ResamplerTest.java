package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  @Test
  void of_equalRates_copiesSamples() {
    Resampler r = Resampler.of(16_000, 16_000);
    short[] in = {1, -2, 3, Short.MAX_VALUE, Short.MIN_VALUE, 0};
    short[] out = new short[10];
    Arrays.fill(out, (short) 7);

    int written = r.resample(in, 1, 4, out, 2);

    assertInstanceOf(PassthroughResampler.class, r);
    assertEquals(4, written);
    assertEquals(4, r.maxOutputFor(4));
    assertArrayEquals(new short[] {7, 7, -2, 3, Short.MAX_VALUE, Short.MIN_VALUE, 7, 7, 7, 7}, out);
  }

  @Test
  void of_rateOutOfRange_namesParameterAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resampler.of(2_000, 16_000));
    assertEquals("inRateHz must be 4000..192000 Hz, was 2000", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Resampler.of(16_000, 200_000));
    assertEquals("outRateHz must be 4000..192000 Hz, was 200000", e.getMessage());
  }

  @Test
  void of_ratioNeedingTooManyPhases_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resampler.of(44_100, 16_001));
    assertEquals("resampling 44100 Hz to 16001 Hz needs 16001 filter phases, more than 1024;"
        + " use a common rate such as 16000 or 48000", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"48000,16000", "44100,16000", "24000,48000", "24000,44100", "16000,48000", "96000,16000", "11025,16000"})
  void resample_randomChunks_equalsOneBlock(int inRateHz, int outRateHz) {
    short[] in = testSignal(inRateHz, 3 * inRateHz / 2);
    Resampler whole = Resampler.of(inRateHz, outRateHz);
    short[] expected = new short[whole.maxOutputFor(in.length)];
    int expectedLen = whole.resample(in, 0, in.length, expected, 0);

    Resampler chunked = Resampler.of(inRateHz, outRateHz);
    Random random = new Random(inRateHz * 31L + outRateHz);
    short[] actual = new short[expected.length];
    short[] chunkOut = new short[chunked.maxOutputFor(3000)];
    int actualLen = 0;
    for (int pos = 0; pos < in.length; ) {
      // 0 and 1 frame chunks, and chunks above the internal block of 1024 frames, all occur
      int len = Math.min(in.length - pos, random.nextInt(8) == 0 ? random.nextInt(2) : random.nextInt(3000));
      int made = chunked.resample(in, pos, len, chunkOut, 0);
      assertTrue(made <= chunked.maxOutputFor(len), made + " frames from " + len + " exceeds maxOutputFor");
      System.arraycopy(chunkOut, 0, actual, actualLen, made);
      actualLen += made;
      pos += len;
    }

    assertEquals(expectedLen, actualLen);
    assertArrayEquals(expected, actual);
    // the stream holds exactly ceil(n * out / in) frames: none dropped, none invented
    assertEquals((int) Math.ceil((double) in.length * outRateHz / inRateHz), expectedLen);
  }

  @Test
  void resample_afterReset_matchesFreshInstance() {
    short[] in = testSignal(48_000, 4_800);
    Resampler used = Resampler.of(48_000, 16_000);
    short[] scratch = new short[used.maxOutputFor(in.length)];
    used.resample(in, 0, 1_234, scratch, 0);
    used.reset();

    short[] afterReset = new short[used.maxOutputFor(in.length)];
    int a = used.resample(in, 0, in.length, afterReset, 0);
    short[] fresh = new short[afterReset.length];
    int b = Resampler.of(48_000, 16_000).resample(in, 0, in.length, fresh, 0);

    assertEquals(b, a);
    assertArrayEquals(fresh, afterReset);
  }

  @Test
  void resample_shortPath_isFloatPathRoundedAndSaturated() {
    short[] in = testSignal(24_000, 6_000);
    in[3_000] = Short.MAX_VALUE;
    in[3_001] = Short.MAX_VALUE;
    in[3_002] = Short.MIN_VALUE;
    float[] inFloat = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      inFloat[i] = in[i];
    }
    PolyphaseResampler shorts = new PolyphaseResampler(24_000, 44_100);
    PolyphaseResampler floats = new PolyphaseResampler(24_000, 44_100);
    short[] outShort = new short[shorts.maxOutputFor(in.length)];
    float[] outFloat = new float[outShort.length];

    int n = shorts.resample(in, 0, in.length, outShort, 0);
    assertEquals(n, floats.resample(inFloat, 0, in.length, outFloat, 0));
    for (int i = 0; i < n; i++) {
      long expected = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(outFloat[i])));
      assertEquals(expected, outShort[i], "frame " + i);
    }
  }

  @Test
  void resample_outputTooSmall_isRefusedBeforeWriting() {
    Resampler r = Resampler.of(16_000, 48_000);
    short[] out = new short[r.maxOutputFor(100) - 1];
    assertThrows(IndexOutOfBoundsException.class, () -> r.resample(new short[100], 0, 100, out, 0));
    assertArrayEquals(new short[out.length], out);
  }

  @Test
  void maxOutputFor_isCeilingOfRatio() {
    Resampler down = Resampler.of(44_100, 16_000);
    assertEquals(0, down.maxOutputFor(0));
    assertEquals(1, down.maxOutputFor(1));
    assertEquals(160, down.maxOutputFor(441));
    assertEquals(161, down.maxOutputFor(442));
    assertEquals(882, Resampler.of(24_000, 44_100).maxOutputFor(480));
  }

  // A chirp plus a full-scale burst, so rounding and saturation are both exercised.
  private static short[] testSignal(int rateHz, int frames) {
    short[] x = new short[frames];
    for (int n = 0; n < frames; n++) {
      double t = (double) n / rateHz;
      double v = 20_000 * Math.sin(2 * Math.PI * (50 + 2_000 * t) * t);
      if (n % 977 < 40) {
        v = n % 2 == 0 ? 32_767 : -32_768;
      }
      x[n] = (short) Math.round(v);
    }
    return x;
  }
}
