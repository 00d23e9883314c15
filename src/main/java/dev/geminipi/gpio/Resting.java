package dev.geminipi.gpio;

import dev.geminipi.config.Config;
import dev.geminipi.config.LedConfig;
import dev.geminipi.config.ToolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every declared output (the output tools and the status LED) opened at its resting level,
 * read back and released: what {@code gemini-pi rest} does after the daemon died, however it
 * died. Raspberry Pi kernels keep a released line at the level it was last driven to
 * (docs/gpio.md, "After a crash"), so the pins stay at rest until the next start.
 */
public final class Resting {
  /** One output: where it is now, or why it could not be moved. */
  public record Outcome(String name, int pin, String level, String problem) {
    public boolean atRest() {
      return problem.isEmpty();
    }
  }

  private Resting() {
  }

  /** Opens GPIO as the config says, rests every output, and closes it again. */
  public static List<Outcome> restAll(Config config) {
    Gpio gpio;
    try {
      gpio = Gpio.open(config.gpio());
    } catch (GpioFault e) {
      List<Outcome> all = new ArrayList<>();
      outputs(config).forEach(o -> all.add(new Outcome(o.name(), o.pin(), "unknown",
          e.getMessage())));
      return all;
    }
    try (gpio) {
      return restAll(config, gpio);
    }
  }

  /** Rests every output of {@code config} on {@code gpio}, which stays open. */
  static List<Outcome> restAll(Config config, Gpio gpio) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Declared d : outputs(config)) {
      try {
        outcomes.add(new Outcome(d.name(), d.pin(), d.rest().apply(gpio), ""));
      } catch (GpioFault e) {
        outcomes.add(new Outcome(d.name(), d.pin(), "unknown", e.getMessage()));
      }
    }
    return outcomes;
  }

  /** An output of the config and how to open it at rest, returning its physical level. */
  private record Declared(String name, int pin, Function<Gpio, String> rest) {
  }

  private static List<Declared> outputs(Config config) {
    List<Declared> all = new ArrayList<>();
    for (ToolConfig t : config.tools()) {
      switch (t.action()) {
        case SWITCH, PULSE, TOGGLE -> all.add(new Declared(t.name(), t.pin(),
            g -> digital(g.output(t.pin(), t.activeHigh()), t.activeHigh())));
        case PWM -> all.add(new Declared(t.name(), t.pin(),
            g -> pwm(g.pwmOutput(t.pin(), t.activeHigh(), t.frequencyHz()),
                t.activeHigh())));
        case READ -> { }
      }
    }
    config.led().ifPresent(l -> all.add(led(l)));
    return all;
  }

  private static Declared led(LedConfig l) {
    return new Declared("status LED", l.pin(), l.pwm()
        ? g -> pwm(g.pwmOutput(l.pin(), l.activeHigh(), Gpio.LED_FREQUENCY_HZ),
            l.activeHigh())
        : g -> digital(g.output(l.pin(), l.activeHigh()), l.activeHigh()));
  }

  /** The line level read back; an output that reads "on" after opening at rest is a fault. */
  private static String digital(Output out, boolean activeHigh) {
    out.set(false);
    if (out.isOn()) {
      throw new GpioFault(out.pin(), "GPIO " + out.pin() + " reads on after it was set off");
    }
    return activeHigh ? "low" : "high";
  }

  private static String pwm(PwmOutput out, boolean activeHigh) {
    out.setPercent(0);
    int percent = out.percent();
    if (percent != 0) {
      throw new GpioFault(out.pin(), "GPIO " + out.pin() + " PWM reads " + percent
          + "% after it was set to 0%");
    }
    return (activeHigh ? 0 : 100) + "%";
  }
}
