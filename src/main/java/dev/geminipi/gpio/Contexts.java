package dev.geminipi.gpio;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Pi4J contexts with explicit providers only (docs/hardware.md §1.2, §1.8): with
 * auto-detection the mock platform wins off-Pi and real pins move in tests on a Pi.
 */
final class Contexts {
  private static final Logger log = LoggerFactory.getLogger(Contexts.class);

  private Contexts() {
  }

  static Context mock() {
    return Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
            MockPwmProvider.newInstance())
        .build();
  }

  /** gpiod for digital lines (no root, every Pi model) plus sysfs hardware PWM (§1.5). */
  static Context hardware(String chip) {
    ContextBuilder b = Pi4J.newContextBuilder().noAutoDetect()
        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance());
    try {
      b.add(LinuxFsPwmProvider.newInstance(BoardInfoHelper.getPwmChipAddress()));
    } catch (RuntimeException e) {
      // Digital pins still work without PWM; a PWM output then fails to open and says why.
      log.warn("hardware PWM is unavailable ({}); PWM tools and a PWM LED will not work",
          e.toString());
    }
    if (!chip.isEmpty()) {
      // Pi4J otherwise picks the first chip labelled pinctrl-* (§1.3).
      b.setGpioChipName(chip);
    }
    return b.build();
  }

  /** True on a Pi (any model) and on other boards with a GPIO character device. */
  static boolean hasGpioChip(Path dev) {
    try (DirectoryStream<Path> chips = Files.newDirectoryStream(dev, "gpiochip*")) {
      return chips.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** Pi 5 routes PWM through RP1, with its own channel numbers (§1.5). */
  static boolean usesRp1() {
    try {
      return BoardInfoHelper.usesRP1();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
