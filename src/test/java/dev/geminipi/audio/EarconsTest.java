package dev.geminipi.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarconsTest {

  @ParameterizedTest
  @ValueSource(ints = {16_000, 24_000, 44_100, 48_000})
  void earcons_atAnyRate_haveTheirLengthPeakAndSilentEdges(int rateHz) {
    check("wake", Earcons::wake, rateHz, 150);
    check("end", Earcons::end, rateHz, 150);
    check("error", Earcons::error, rateHz, 300);
  }

  @Test
  void wake_rises_andEnd_falls() {
    short[] wake = Earcons.wake(48_000);
    short[] end = Earcons.end(48_000);
    // first note 0..70 ms, second 70..150 ms
    double wakeFirst = pitchHz(wake, 0, 3_360, 48_000);
    double wakeSecond = pitchHz(wake, 3_360, 7_200, 48_000);
    double endFirst = pitchHz(end, 0, 3_360, 48_000);
    double endSecond = pitchHz(end, 3_360, 7_200, 48_000);

    assertEquals(660, wakeFirst, 20);
    assertEquals(990, wakeSecond, 20);
    assertEquals(990, endFirst, 20);
    assertEquals(660, endSecond, 20);
  }

  @Test
  void error_isTwoLowBeepsWithASilentGap() {
    short[] error = Earcons.error(16_000);
    // beep 0..120 ms, gap 120..180 ms, beep 180..300 ms
    assertEquals(400, pitchHz(error, 0, 1_920, 16_000), 20);
    assertEquals(400, pitchHz(error, 2_880, 4_800, 16_000), 20);
    for (int n = 1_920; n < 2_880; n++) {
      assertEquals(0, error[n], "gap at frame " + n);
    }
  }

  @Test
  void wake_calledTwice_returnsEqualNewArrays() {
    short[] a = Earcons.wake(16_000);
    short[] b = Earcons.wake(16_000);
    assertNotSame(a, b);
    assertArrayEquals(a, b);
  }

  @Test
  void wake_rateOutOfRange_isRefused() {
    assertEquals("rateHz must be 8000..192000 Hz, was 4000",
        assertThrows(IllegalArgumentException.class, () -> Earcons.wake(4_000)).getMessage());
  }

  private static void check(String name, IntFunction<short[]> earcon, int rateHz, int durationMs) {
    short[] s = earcon.apply(rateHz);
    assertEquals(rateHz * durationMs / 1000, s.length, name + " length at " + rateHz + " Hz");
    int peak = 0;
    for (short v : s) {
      peak = Math.max(peak, Math.abs(v));
    }
    double peakDbfs = 20 * Math.log10(peak / 32767.0);
    System.out.printf("earcon %s at %d Hz: %d frames, peak %.2f dBFS%n", name, rateHz, s.length, peakDbfs);
    assertEquals(Earcons.PEAK_DBFS, peakDbfs, 0.1, name + " peak at " + rateHz + " Hz");
    assertEquals(0, s[0], name + " starts at 0");
    assertEquals(0, s[s.length - 1], name + " ends at 0");
  }

  // Frequency from the count of sign changes: accurate to a few Hz over tens of milliseconds.
  private static double pitchHz(short[] s, int from, int to, int rateHz) {
    int crossings = 0;
    for (int n = from + 1; n < to; n++) {
      if ((s[n - 1] < 0) != (s[n] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 * rateHz / (to - from);
  }
}
