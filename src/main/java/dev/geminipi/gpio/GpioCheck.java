package dev.geminipi.gpio;

import dev.geminipi.config.Config;
import dev.geminipi.config.GpioSettings;
import dev.geminipi.config.Pull;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.Trigger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The GPIO line of {@code gemini-pi check}: the chip opens and every configured pin is free. */
public final class GpioCheck {
  /** One check line without its mark; the text is public surface. */
  public record Result(boolean ok, String line) {
  }

  private GpioCheck() {
  }

  public static Result run(Config config) {
    return run(config, Path.of("/dev"));
  }

  static Result run(Config config, Path dev) {
    GpioSettings settings = config.gpio();
    if (settings.provider() == GpioSettings.Provider.MOCK) {
      return new Result(true, "GPIO: the mock platform (gpio.provider \"mock\"): no pin moves");
    }
    if (!Contexts.hasGpioChip(dev)) {
      return new Result(false, "GPIO: no " + dev + "/gpiochip* here (not a Raspberry Pi?); on a "
          + "desktop set gpio.provider to \"mock\"");
    }
    TreeSet<Integer> pins = new TreeSet<>();
    try (Gpio gpio = Gpio.open(settings, dev)) {
      for (Trigger t : config.triggers()) {
        switch (t) {
          case Trigger.Button b -> open(pins, b.pin(), () -> gpio.input(b.pin(), b.pull()));
          case Trigger.Input i -> open(pins, i.pin(), () -> gpio.input(i.pin(), i.pull()));
          case Trigger.Wakeword w -> { }
        }
      }
      for (ToolConfig tool : config.tools()) {
        switch (tool.action()) {
          case READ -> open(pins, tool.pin(), () -> gpio.input(tool.pin(),
              Pull.OFF));
          case PWM -> open(pins, tool.pin(), () -> gpio.pwmOutput(tool.pin(), tool.activeHigh(),
              tool.frequencyHz()));
          case SWITCH, PULSE, TOGGLE -> open(pins, tool.pin(),
              () -> gpio.output(tool.pin(), tool.activeHigh()));
        }
      }
      config.led().ifPresent(l -> open(pins, l.pin(), () -> gpio.output(l.pin(), l.activeHigh())));
    } catch (GpioFault e) {
      return new Result(false, "GPIO: " + e.getMessage() + "; if gemini-pi is running it holds "
          + "the pins: sudo systemctl stop gemini-pi, then check again");
    } catch (RuntimeException e) {
      return new Result(false, "GPIO: the chip cannot be opened (" + e.getMessage() + "); the "
          + "user needs group gpio (sudo usermod -aG gpio $USER)");
    }
    List<String> names = new ArrayList<>();
    pins.forEach(p -> names.add(Integer.toString(p)));
    return new Result(true, "GPIO: chip opened" + (names.isEmpty() ? "; no pins configured"
        : "; pins " + String.join(", ", names) + " are free"));
  }

  private static void open(TreeSet<Integer> pins, int pin, Runnable opener) {
    opener.run();
    pins.add(pin);
  }
}
