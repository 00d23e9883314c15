package dev.geminipi.gpio;

import java.util.ArrayList;
import java.util.List;

/**
 * The looping brightness steps of one {@link DeviceState}; docs/gpio.md describes them for
 * owners and must change with this file. A plain LED is on for any step above 0.
 *
 * @param steps played in order, then again; a single step is steady and needs no timer
 */
record LedPattern(List<Step> steps) {
  /** A ramp step of 40 ms updates the duty cycle 25 times a second: smooth to the eye, and
   *  cheap even though each update is a sysfs write. */
  static final int RAMP_STEP_MS = 40;

  LedPattern {
    steps = List.copyOf(steps);
  }

  /** Hold {@code percent} for {@code durationMs} (0 for a steady pattern). */
  record Step(int percent, int durationMs) {
  }

  static LedPattern of(DeviceState state, boolean pwm) {
    return pwm ? smooth(state) : blink(state);
  }

  /** Blink codes: each state has its own rhythm, so no two can be mistaken at a glance. */
  static LedPattern blink(DeviceState state) {
    return switch (state) {
      case IDLE -> steps(100, 60, 0, 2940);                          // heartbeat every 3 s
      case CONNECTING -> steps(100, 150, 0, 150);                    // fast even blink
      case LISTENING -> steps(100, 0);                               // steady on
      case THINKING -> steps(100, 100, 0, 150, 100, 100, 0, 650);     // double blink
      case SPEAKING -> steps(100, 700, 0, 100);                      // on, brief wink
      case ERROR -> steps(100, 150, 0, 150, 100, 150, 0, 150, 100, 150, 0, 1250); // triple
      case OFFLINE -> steps(100, 1000, 0, 1000);                     // slow even blink
      case MUTED -> steps(100, 60, 0, 190, 100, 60, 0, 2690);         // two winks every 3 s
    };
  }

  /** With PWM: glows and breathing; errors keep the blink code so they stay unmistakable. */
  static LedPattern smooth(DeviceState state) {
    return switch (state) {
      case IDLE -> steps(4, 0);                                      // dim glow
      case CONNECTING -> breathe(0, 100, 600);
      case LISTENING -> steps(100, 0);
      case THINKING -> breathe(15, 70, 1600);
      case SPEAKING -> breathe(50, 100, 800);
      case ERROR -> blink(DeviceState.ERROR);
      case OFFLINE -> breathe(0, 30, 3000);
      case MUTED -> blink(DeviceState.MUTED);
    };
  }

  /**
   * Up from {@code lowPercent} to {@code highPercent} and back over {@code periodMs}. The ramp
   * is squared because the eye is far more sensitive at low duty: a linear ramp looks like a
   * jump from dark followed by a long flat top.
   */
  static LedPattern breathe(int lowPercent, int highPercent, int periodMs) {
    int n = periodMs / RAMP_STEP_MS;
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double phase = (double) i / n;
      double x = phase < 0.5 ? 2 * phase : 2 * (1 - phase);
      steps.add(new Step((int) Math.round(lowPercent + (highPercent - lowPercent) * x * x),
          RAMP_STEP_MS));
    }
    return new LedPattern(steps);
  }

  private static LedPattern steps(int... percentThenMs) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < percentThenMs.length; i += 2) {
      steps.add(new Step(percentThenMs[i], percentThenMs[i + 1]));
    }
    return new LedPattern(steps);
  }
}
