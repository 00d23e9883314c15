package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
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
    GpioCheck.Result r = GpioCheck.run(config("{\"gpio\":{\"provider\":\"mock\"}}"), dev);
    assertEquals(new GpioCheck.Result(true, "GPIO: the mock platform (gpio.provider \"mock\"): "
        + "no pin moves"), r);
  }

  @Test
  void autoWithoutChip_saysNotAPiAndWhatToSet() throws Exception {
    GpioCheck.Result r = GpioCheck.run(config("{}"), dev);
    assertEquals(new GpioCheck.Result(false, "GPIO: no " + dev + "/gpiochip* here (not a "
        + "Raspberry Pi?); on a desktop set gpio.provider to \"mock\""), r);
  }

  @Test
  void chipThatCannotBeOpened_isACrossWithTheFix() throws Exception {
    Files.createFile(dev.resolve("gpiochip0"));
    GpioCheck.Result r = GpioCheck.run(config("{\"triggers\":[{\"type\":\"button\",\"pin\":17}]}"),
        dev);
    assertFalse(r.ok());
    assertTrue(r.line().startsWith("GPIO: "), r.line());
    assertTrue(r.line().contains("sudo"), r.line());
  }
}
