package dev.geminipi.gpio;

import dev.geminipi.config.Config;
import dev.geminipi.config.GpioSettings;
import dev.geminipi.config.ToolConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hardware PWM line of {@code gemini-pi check}, for a config that uses it: the chip the
 * overlay makes, and whether the unit lets the service write it. The unit keeps
 * ProtectKernelTunables=yes and lists pwmchip0 to pwmchip3 in ReadWritePaths=; a chip beyond
 * those stays read-only for the service.
 */
public final class PwmCheck {
  /** The chips the unit's ReadWritePaths= names (systemd/gemini-pi.service). */
  static final int UNIT_CHIPS = 4;

  private PwmCheck() {
  }

  /** Empty when the config uses no hardware PWM, or runs on the mock platform. */
  public static Optional<GpioCheck.Result> run(Config config) {
    return run(config, Path.of("/sys/class/pwm"));
  }

  static Optional<GpioCheck.Result> run(Config config, Path pwmClass) {
    List<String> users = new ArrayList<>();
    config.led().filter(l -> l.pwm()).ifPresent(l -> users.add("led.pwm"));
    for (int i = 0; i < config.tools().size(); i++) {
      ToolConfig t = config.tools().get(i);
      if (t.action() == ToolConfig.Action.PWM) {
        users.add("tools[" + i + "] \"" + t.name() + "\"");
      }
    }
    if (users.isEmpty() || config.gpio().provider() == GpioSettings.Provider.MOCK) {
      return Optional.empty();
    }
    String who = "hardware PWM (" + String.join(", ", users) + ")";
    TreeSet<Integer> chips = chips(pwmClass);
    if (chips.isEmpty()) {
      return Optional.of(new GpioCheck.Result(false, who + ": no " + pwmClass + "/pwmchip*; add "
          + "dtoverlay=pwm-2chan to /boot/firmware/config.txt and reboot (docs/gpio.md)"));
    }
    if (chips.first() >= UNIT_CHIPS) {
      return Optional.of(new GpioCheck.Result(false, who + ": pwmchip" + chips.first() + " is "
          + "not among the unit's ReadWritePaths= (pwmchip0-3), so ProtectKernelTunables=yes "
          + "keeps it read-only; add it with sudo systemctl edit gemini-pi (docs/gpio.md)"));
    }
    return Optional.of(new GpioCheck.Result(true, who + ": pwmchip" + chips.first() + " found; "
        + "the unit's ReadWritePaths= lets the service write it under "
        + "ProtectKernelTunables=yes"));
  }

  private static TreeSet<Integer> chips(Path pwmClass) {
    TreeSet<Integer> chips = new TreeSet<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(pwmClass, "pwmchip*")) {
      for (Path p : all) {
        try {
          chips.add(Integer.parseInt(p.getFileName().toString().substring("pwmchip".length())));
        } catch (NumberFormatException e) {
          // not a chip entry
        }
      }
    } catch (IOException e) {
      // no PWM class at all: no chip
    }
    return chips;
  }
}
