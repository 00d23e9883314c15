package dev.geminipi.wakeword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VadGateTest {

  private static String openings(float... vadScores) {
    VadGate gate = new VadGate();
    StringBuilder b = new StringBuilder();
    for (float s : vadScores) {
      gate.add(s);
      b.append(gate.open() ? 'o' : '.');
    }
    return b.toString();
  }

  @Test
  void open_speechAt4To6StepsBack_likeModelPyMinus7ToMinus4() {
    // Speech at step 0 opens the gate at steps 4, 5 and 6: list(buffer)[-7:-4].
    assertEquals("....ooo..", openings(0.9f, 0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void open_atThreshold_opens() {
    assertEquals("....o", openings(VadGate.THRESHOLD, 0, 0, 0, 0));
  }

  @Test
  void open_silence_staysClosed() {
    assertEquals("..........", openings(0.1f, 0.2f, 0.3f, 0.4f, 0.49f, 0, 0, 0, 0, 0));
  }
}
