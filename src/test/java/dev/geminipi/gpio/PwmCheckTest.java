package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PwmCheckTest {
  @TempDir
  Path dir;

  private Config config(String json) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return new ConfigLoader(w -> { }).load(file);
  }

  private Config fanAndPwmLed() throws Exception {
    return config("""
        {"led": {"pin": 12, "pwm": true},
         "tools": [{"name": "lamp", "pin": 22, "action": "switch"},
                   {"name": "fan", "pin": 18, "action": "pwm"}]}""");
  }

  @Test
  void chipZeroPresent_oneOkLine() throws Exception {
    Path pwm = Files.createDirectories(dir.resolve("pwm/pwmchip0")).getParent();
    assertEquals(Optional.of(new GpioCheck.Result(true, "hardware PWM (led.pwm, tools[1] "
        + "\"fan\"): pwmchip0 found; the unit's ReadWritePaths= lets the service write it "
        + "under ProtectKernelTunables=yes")), PwmCheck.run(fanAndPwmLed(), pwm));
  }

  @Test
  void noChip_saysWhichOverlay() throws Exception {
    Path pwm = Files.createDirectories(dir.resolve("pwm"));
    assertEquals(Optional.of(new GpioCheck.Result(false, "hardware PWM (led.pwm, tools[1] "
        + "\"fan\"): no " + pwm + "/pwmchip*; add dtoverlay=pwm-2chan to "
        + "/boot/firmware/config.txt and reboot (docs/gpio.md)")),
        PwmCheck.run(fanAndPwmLed(), pwm));
  }

  @Test
  void chipOutsideTheUnitsList_saysItStaysReadOnly() throws Exception {
    Path pwm = Files.createDirectories(dir.resolve("pwm/pwmchip4")).getParent();
    GpioCheck.Result r = PwmCheck.run(fanAndPwmLed(), pwm).orElseThrow();
    assertEquals(false, r.ok());
    assertTrue(r.line().contains("pwmchip4 is not among the unit's ReadWritePaths= "
        + "(pwmchip0-3)"), r.line());
  }

  @Test
  void noPwmInTheConfig_orTheMock_noLine() throws Exception {
    Path pwm = Files.createDirectories(dir.resolve("pwm"));
    assertEquals(Optional.empty(), PwmCheck.run(config("{\"led\": {\"pin\": 25}}"), pwm));
    assertEquals(Optional.empty(), PwmCheck.run(config("{\"gpio\": {\"provider\": \"mock\"}, "
        + "\"led\": {\"pin\": 12, \"pwm\": true}}"), pwm));
  }
}
