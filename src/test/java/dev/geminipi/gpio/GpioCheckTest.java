package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioCheckTest {
  @TempDir
  Path dev;

  private static Config config(String json) throws Exception {
    return new ConfigLoader(w -> { }).parse(json, "config.json");
  }

  @Test
  void mockProvider_isFine() throws Exception {
    GpioCheck.Result r = GpioCheck.run(config("{\"gpio\":{\"provider\":\"mock\"}}"), dev).get(0);
    assertEquals(new GpioCheck.Result(true, "GPIO: the mock platform (gpio.provider \"mock\"): "
        + "no pin moves"), r);
  }

  @Test
  void autoWithoutChip_saysNotAPiAndWhatToSet() throws Exception {
    GpioCheck.Result r = GpioCheck.run(config("{}"), dev).get(0);
    assertEquals(new GpioCheck.Result(false, "GPIO: no " + dev + "/gpiochip* here (not a "
        + "Raspberry Pi?); on a desktop set gpio.provider to \"mock\""), r);
  }

  @Test
  void chipThatCannotBeOpened_isACrossWithTheFix() throws Exception {
    Files.createFile(dev.resolve("gpiochip0"));
    List<GpioCheck.Result> lines = GpioCheck.run(config("{\"triggers\":[{\"type\":\"button\","
        + "\"pin\":17}]}"), dev);
    assertEquals(1, lines.size(), lines.toString());
    GpioCheck.Result r = lines.get(0);
    assertFalse(r.ok());
    assertTrue(r.line().startsWith("GPIO: "), r.line());
    assertTrue(r.line().contains("sudo"), r.line());
  }

  @Test
  void pinClaimedByAnotherProcess_ownCrossNamingThePinItsRoleAndTheFix() {
    // What Pi4J's gpiod library throws when the kernel refuses a line another process holds.
    GpioFault busy = new GpioFault(22, "GPIO 22 could not be opened as an output: "
        + "c_gpiod_line_request_output failed: -1 (Device or resource busy)",
        new com.pi4j.library.gpiod.internal.GpioDException("c_gpiod_line_request_output "
            + "failed: -1 (Device or resource busy)"));
    assertEquals("GPIO 22 (tool \"set_lamp\"): in use by another process; 'gpioinfo' (package "
        + "gpiod) names it: stop it or pick another pin (if it is gemini-pi: sudo systemctl "
        + "stop gemini-pi)", GpioCheck.pinProblem(22, "tool \"set_lamp\"", busy));
  }

  @Test
  void providerMissing_isTheChipsFault_notThePins() {
    // What Pi4J says for every pin once its gpiod provider failed to start (EACCES on the chip).
    GpioFault none = new GpioFault(22, "GPIO 22 could not be opened as an output: Pi4J "
        + "provider IO type [DIGITAL_OUTPUT] could not be found.  Please include this "
        + "'provider' JAR in the classpath for this provider type.");
    assertTrue(GpioCheck.noProvider(none));
    assertFalse(GpioCheck.noProvider(new GpioFault(12, "GPIO 12 and GPIO 18 share PWM "
        + "channel 0 on this board; use only one of them for PWM")));
  }

  @Test
  void pinOtherwiseRefused_saysWhatTheLibrarySaid() {
    GpioFault other = new GpioFault(12, "GPIO 12 and GPIO 18 share PWM channel 0 on this board; "
        + "use only one of them for PWM");
    assertEquals("GPIO 12 (tool \"fan\"): GPIO 12 and GPIO 18 share PWM channel 0 on this "
        + "board; use only one of them for PWM", GpioCheck.pinProblem(12, "tool \"fan\"", other));
  }
}
