package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FadesTest {

  @Test
  void fadeFrames_isFiveMilliseconds() {
    assertEquals(80, Fades.fadeFrames(16_000));
    assertEquals(120, Fades.fadeFrames(24_000));
    assertEquals(220, Fades.fadeFrames(44_100));
    assertEquals(240, Fades.fadeFrames(48_000));
  }

  @Test
  void fadeIn_linear_rampsFromZeroOverFiveMs() {
    short[] s = constant(200, 10_000);

    Fades.fadeIn(s, 0, s.length, 16_000, Fades.Curve.LINEAR);

    assertEquals(0, s[0]);
    assertEquals(125, s[1]);
    assertEquals(5_000, s[40]);
    assertEquals(9_875, s[79]);
    assertTrue(Arrays.stream(toInts(s, 80, 200)).allMatch(v -> v == 10_000), "untouched after the fade");
  }

  @Test
  void fadeOut_linear_endsAtZero() {
    short[] s = constant(200, -10_000);

    Fades.fadeOut(s, 0, s.length, 16_000, Fades.Curve.LINEAR);

    assertEquals(0, s[199]);
    assertEquals(-125, s[198]);
    assertEquals(-9_875, s[120]);
    assertEquals(-10_000, s[119]);
  }

  @Test
  void fadeIn_raisedCosine_isMonotonicWithHalfGainMidway() {
    short[] s = constant(80, 20_000);

    Fades.fadeIn(s, 0, s.length, 16_000, Fades.Curve.RAISED_COSINE);

    assertEquals(0, s[0]);
    assertEquals(10_000, s[40]);
    assertEquals(8, s[1]); // 20000 * (1 - cos(pi / 80)) / 2 = 7.7: starts flatter than a line (250)
    for (int i = 1; i < s.length; i++) {
      assertTrue(s[i] >= s[i - 1], "monotonic at " + i);
    }
  }

  @Test
  void fadeOut_regionShorterThanFade_rampsWholeRegionOnly() {
    short[] s = constant(30, 8_000);

    Fades.fadeOut(s, 10, 10, 48_000, Fades.Curve.LINEAR);

    assertArrayEquals(new short[] {8_000, 7_200, 6_400, 5_600, 4_800, 4_000, 3_200, 2_400, 1_600, 800, 0},
        Arrays.copyOfRange(s, 9, 20));
    assertEquals(8_000, s[20]);
  }

  @Test
  void fadeIn_region_leavesSamplesBeforeItAlone() {
    short[] s = constant(300, 1_000);

    Fades.fadeIn(s, 100, 200, 16_000, Fades.Curve.RAISED_COSINE);

    assertEquals(1_000, s[99]);
    assertEquals(0, s[100]);
    assertEquals(1_000, s[299]);
  }

  private static short[] constant(int frames, int value) {
    short[] s = new short[frames];
    Arrays.fill(s, (short) value);
    return s;
  }

  private static int[] toInts(short[] s, int from, int to) {
    int[] out = new int[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = s[i];
    }
    return out;
  }
}
