package dev.geminipi.tools;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Pull;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.gpio.GpioFault;
import dev.geminipi.gpio.Input;
import dev.geminipi.gpio.Output;
import dev.geminipi.gpio.PwmOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured tool and the pin it opened: a digital output (switch, toggle, pulse), a PWM
 * output (pwm) or an input (read). A pin that failed to open leaves the tool unavailable
 * rather than stopping the daemon (STYLE 23); its calls are answered with an error.
 */
final class Tool {
  private static final Logger log = LoggerFactory.getLogger(Tool.class);

  private final ToolConfig config;
  private final Output output;
  private final PwmOutput pwm;
  private final Input input;
  private final boolean available;

  private Tool(ToolConfig config, Output output, PwmOutput pwm, Input input) {
    this.config = config;
    this.output = output;
    this.pwm = pwm;
    this.input = input;
    this.available = output != null || pwm != null || input != null;
  }

  /** Opens the tool's pin; outputs start at rest. */
  static Tool open(ToolConfig c, Gpio gpio) {
    try {
      return switch (c.action()) {
        case SWITCH, TOGGLE, PULSE -> new Tool(c, gpio.output(c.pin(), c.activeHigh()), null,
            null);
        case PWM -> new Tool(c, null, gpio.pwmOutput(c.pin(), c.activeHigh(), c.frequencyHz()),
            null);
        // ToolConfig has no pull: a contact to GND needs an external pull-up (docs/gpio.md).
        case READ -> new Tool(c, null, null, gpio.input(c.pin(), Pull.OFF));
      };
    } catch (GpioFault e) {
      log.warn("tool {} is disabled and its calls are answered with an error: {}", c.name(),
          e.getMessage());
      return new Tool(c, null, null, null);
    }
  }

  ToolConfig config() {
    return config;
  }

  String name() {
    return config.name();
  }

  int pin() {
    return config.pin();
  }

  boolean available() {
    return available;
  }

  /** How long this tool's pulse holds its pin on. */
  int pulseMs() {
    return pulseMs(config);
  }

  /**
   * Bounded here too, not only by the loader, and the declaration says the same number: a
   * stuck-on door strike is worse than none.
   */
  static int pulseMs(ToolConfig c) {
    return Math.min(c.pulseMs(), ToolConfig.MAX_PULSE_MS);
  }

  boolean isOn() {
    return pwm != null ? pwm.percent() > 0 : output.isOn();
  }

  void set(boolean on) {
    output.set(on);
  }

  void setPercent(int percent) {
    pwm.setPercent(percent);
  }

  boolean readHigh() {
    return input.isHigh();
  }

  /** Drives the resting level (off); the JSON the model would see for that state. */
  String rest() {
    if (pwm != null) {
      pwm.setPercent(0);
      return "{\"percent\":0}";
    }
    output.set(false);
    return "{\"on\":false}";
  }

  /** The physical level for the audit line: what a meter on the pin would show. */
  String level() {
    try {
      if (output != null) {
        return output.isOn() == config.activeHigh() ? "high" : "low";
      }
      if (pwm != null) {
        int duty = config.activeHigh() ? pwm.percent() : 100 - pwm.percent();
        return duty + "%";
      }
      if (input != null) {
        return input.isHigh() ? "high" : "low";
      }
    } catch (GpioFault e) {
      // fall through
    }
    return "unknown";
  }

  /** The status entry, e.g. {"pin":22,"on":true} or {"pin":18,"percent":40}. */
  JsonObject status() {
    JsonObject o = new JsonObject().set("pin", config.pin());
    if (!available) {
      return o.set("error", "not available");
    }
    try {
      return pwm != null ? o.set("percent", pwm.percent()) : o.set("on", output.isOn());
    } catch (GpioFault e) {
      return o.set("error", "hardware fault");
    }
  }
}
