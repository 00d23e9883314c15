package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedPatternTest {

  @Test
  void blink_everyStateHasItsOwnRhythm() {
    Set<LedPattern> seen = new HashSet<>();
    for (DeviceState s : DeviceState.values()) {
      assertTrue(seen.add(LedPattern.blink(s)), s + " repeats another state's pattern");
    }
  }

  @Test
  void smooth_everyStateHasItsOwnPattern() {
    Set<LedPattern> seen = new HashSet<>();
    for (DeviceState s : DeviceState.values()) {
      assertTrue(seen.add(LedPattern.smooth(s)), s + " repeats another state's pattern");
    }
  }

  @Test
  void blink_usesOnlyFullOnAndOff() {
    for (DeviceState s : DeviceState.values()) {
      for (LedPattern.Step step : LedPattern.blink(s).steps()) {
        assertTrue(step.percent() == 0 || step.percent() == 100, s + ": " + step);
      }
    }
  }

  @Test
  void blink_codesAsDocumented() {
    assertEquals(List.of(new LedPattern.Step(100, 0)),
        LedPattern.blink(DeviceState.LISTENING).steps());
    assertEquals(List.of(new LedPattern.Step(100, 150), new LedPattern.Step(0, 150)),
        LedPattern.blink(DeviceState.CONNECTING).steps());
    assertEquals(2000, cycleMs(LedPattern.blink(DeviceState.ERROR)));
    assertEquals(3000, cycleMs(LedPattern.blink(DeviceState.IDLE)));
    assertEquals(1000, cycleMs(LedPattern.blink(DeviceState.THINKING)));
  }

  @Test
  void breathe_startsLow_peaksHigh_staysInBounds() {
    LedPattern p = LedPattern.breathe(15, 70, 1600);
    assertEquals(40, p.steps().size());
    assertEquals(15, p.steps().get(0).percent());
    assertEquals(70, p.steps().get(20).percent());
    assertEquals(1600, cycleMs(p));
    for (LedPattern.Step step : p.steps()) {
      assertTrue(step.percent() >= 15 && step.percent() <= 70, step.toString());
    }
  }

  private static int cycleMs(LedPattern p) {
    return p.steps().stream().mapToInt(LedPattern.Step::durationMs).sum();
  }
}
