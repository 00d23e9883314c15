package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoudnessTest {
  /** One second of silence, then {@code seconds} of a 440 Hz tone at {@code amplitude}. */
  private static double scoreOf(double amplitude, double seconds) {
    Loudness l = new Loudness();
    short[] chunk = new short[320];
    l.accept(new short[16_000], 16_000);
    int n = (int) (16_000 * seconds);
    for (int i = 0; i < n; i += chunk.length) {
      for (int k = 0; k < chunk.length; k++) {
        chunk[k] = (short) (amplitude * 32767 * Math.sin(2 * Math.PI * 440 * (i + k) / 16_000));
      }
      l.accept(chunk, chunk.length);
    }
    return l.scoreDb();
  }

  @Test
  void louderSpeech_scoresHigher_by20DbPerTenfold() {
    double loud = scoreOf(0.5, 1);
    double quiet = scoreOf(0.05, 1);
    assertTrue(loud > quiet, loud + " vs " + quiet);
    assertEquals(20.0, loud - quiet, 0.1);
  }

  @Test
  void fullScaleSineAfterDigitalSilence_isAbout93Db() {
    // A sine's RMS is 3 dB under its peak; silence counts as -96 dBFS.
    assertEquals(93.0, scoreOf(1.0, 1), 0.2);
  }
}
