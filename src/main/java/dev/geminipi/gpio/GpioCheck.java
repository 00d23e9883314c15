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

  public static List<Result> run(Config config) {
    return run(config, Path.of("/dev"));
  }

  /**
   * The chip, then every configured pin: one ✓ line for the pins that are free and one ✗ line
   * for each pin that is not, so a pin another process holds is named with its fix.
   */
  static List<Result> run(Config config, Path dev) {
    GpioSettings settings = config.gpio();
    if (settings.provider() == GpioSettings.Provider.MOCK) {
      return List.of(new Result(true, "GPIO: the mock platform (gpio.provider \"mock\"): no "
          + "pin moves"));
    }
    if (!Contexts.hasGpioChip(dev)) {
      return List.of(new Result(false, "GPIO: no " + dev + "/gpiochip* here (not a Raspberry "
          + "Pi?); on a desktop set gpio.provider to \"mock\""));
    }
    TreeSet<Integer> free = new TreeSet<>();
    List<Result> problems = new ArrayList<>();
    try (Gpio gpio = Gpio.open(settings, dev)) {
      for (Trigger t : config.triggers()) {
        switch (t) {
          case Trigger.Button b -> open(free, problems, b.pin(), "button",
              () -> gpio.input(b.pin(), b.pull()));
          case Trigger.Input i -> open(free, problems, i.pin(), "input trigger",
              () -> gpio.input(i.pin(), i.pull()));
          case Trigger.Wakeword w -> { }
        }
      }
      for (ToolConfig tool : config.tools()) {
        String role = "tool \"" + tool.name() + "\"";
        switch (tool.action()) {
          case READ -> open(free, problems, tool.pin(), role, () -> gpio.input(tool.pin(),
              Pull.OFF));
          case PWM -> open(free, problems, tool.pin(), role, () -> gpio.pwmOutput(tool.pin(),
              tool.activeHigh(), tool.frequencyHz()));
          case SWITCH, PULSE, TOGGLE -> open(free, problems, tool.pin(), role,
              () -> gpio.output(tool.pin(), tool.activeHigh()));
        }
      }
      config.led().ifPresent(l -> open(free, problems, l.pin(), "LED",
          () -> gpio.output(l.pin(), l.activeHigh())));
    } catch (RuntimeException e) {
      String why = e instanceof GpioFault f && noProvider(f)
          ? "Pi4J's gpiod provider did not start, most often permission denied on "
              + dev + "/gpiochip*" : e.getMessage();
      return List.of(new Result(false, "GPIO: the chip cannot be opened (" + why
          + "); the user needs group gpio (sudo usermod -aG gpio $USER, then log in again), "
          + "or run check with sudo"));
    }
    List<Result> lines = new ArrayList<>();
    List<String> names = new ArrayList<>();
    free.forEach(p -> names.add(Integer.toString(p)));
    if (problems.isEmpty() || !free.isEmpty()) {
      String pins = names.isEmpty() ? "; no pins configured"
          : names.size() == 1 ? "; pin " + names.get(0) + " is free"
          : "; pins " + String.join(", ", names) + " are free";
      lines.add(new Result(true, "GPIO: chip opened" + pins));
    }
    lines.addAll(problems);
    return lines;
  }

  private static void open(TreeSet<Integer> free, List<Result> problems, int pin, String role,
      Runnable opener) {
    try {
      opener.run();
      free.add(pin);
    } catch (GpioFault e) {
      if (e.getCause() instanceof IllegalStateException || noProvider(e)) {
        throw e; // Pi4J found no usable chip (docs/hardware.md, "GPIO"): not this pin's fault
      }
      problems.add(new Result(false, pinProblem(pin, role, e)));
    }
  }

  /**
   * Pi4J's gpiod provider did not start, so it has no provider for any pin: the chip itself is
   * out of reach, most often "Permission denied" on /dev/gpiochip* for a user outside group gpio.
   */
  static boolean noProvider(GpioFault e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("could not be found")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The line for a pin that would not open. The kernel gives a GPIO line to one requester at a
   * time; libgpiod reports the refusal as EBUSY, "Device or resource busy".
   */
  static String pinProblem(int pin, String role, GpioFault e) {
    String head = "GPIO " + pin + " (" + role + "): ";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Device or resource busy")) {
        return head + "in use by another process; 'gpioinfo' (package gpiod) names it: stop "
            + "it or pick another pin (if it is gemini-pi: sudo systemctl stop gemini-pi)";
      }
    }
    return head + e.getMessage();
  }
}
