package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rest path of {@code gemini-pi rest} on the Pi4J mock platform. */
class RestingTest {
  @TempDir
  Path dir;
  private final MockBoard board = MockBoard.open();

  @AfterEach
  void tearDown() {
    board.close();
  }

  private Config config(String tools, String led) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"gpio\": {\"provider\": \"mock\"}, \"tools\": " + tools
        + (led.isEmpty() ? "" : ", \"led\": " + led) + "}");
    return new ConfigLoader(w -> { }).load(file);
  }

  @Test
  void restAll_everyOutputAndTheLed_atTheirRestingLevels_readsAreLeftAlone() throws Exception {
    Config config = config("""
        [{"name": "lamp", "pin": 22, "action": "switch"},
         {"name": "relay", "pin": 23, "action": "switch", "activeHigh": false},
         {"name": "garage", "pin": 24, "action": "pulse", "activeHigh": false},
         {"name": "fan", "pin": 27, "action": "toggle"},
         {"name": "dimmer", "pin": 18, "action": "pwm"},
         {"name": "inverted", "pin": 13, "action": "pwm", "activeHigh": false},
         {"name": "door", "pin": 5, "action": "read"}]""", "{\"pin\": 25}");

    List<Resting.Outcome> outcomes = Resting.restAll(config, board.gpio());

    assertEquals(List.of(
        new Resting.Outcome("lamp", 22, "low", ""),
        new Resting.Outcome("relay", 23, "high", ""),
        new Resting.Outcome("garage", 24, "high", ""),
        new Resting.Outcome("fan", 27, "low", ""),
        new Resting.Outcome("dimmer", 18, "0%", ""),
        new Resting.Outcome("inverted", 13, "100%", ""),
        new Resting.Outcome("status LED", 25, "low", "")), outcomes);
    // Read back from Pi4J's mock lines, not from our own bookkeeping.
    assertFalse(board.isHigh(22));
    assertTrue(board.isHigh(23), "an active-low relay rests with its line high");
    assertTrue(board.isHigh(24));
    assertFalse(board.isHigh(27));
    assertEquals(0, board.duty(18));
    assertEquals(100, board.duty(13));
    assertFalse(board.isHigh(25));
    assertEquals(null, board.gpio().io(Gpio.inputId(5), Object.class), "a read pin is not opened");
  }

  @Test
  void restAll_pwmLed_restsAtZeroDuty() throws Exception {
    List<Resting.Outcome> outcomes = Resting.restAll(config("[]",
        "{\"pin\": 12, \"pwm\": true, \"activeHigh\": false}"), board.gpio());
    assertEquals(List.of(new Resting.Outcome("status LED", 12, "100%", "")), outcomes);
    assertEquals(100, board.duty(12));
  }

  @Test
  void restAll_oneOutputCannotBeOpened_theOthersStillRest_andItSaysWhy() throws Exception {
    board.gpio().output(22, true).set(true);
    List<Resting.Outcome> outcomes = Resting.restAll(config("""
        [{"name": "lamp", "pin": 22, "action": "switch"},
         {"name": "relay", "pin": 23, "action": "switch", "activeHigh": false}]""", ""),
        board.gpio());
    assertEquals(2, outcomes.size());
    assertFalse(outcomes.get(0).atRest());
    assertEquals("unknown", outcomes.get(0).level());
    assertTrue(outcomes.get(0).problem().startsWith("GPIO 22 could not be opened as an output"),
        outcomes.get(0).problem());
    assertEquals(new Resting.Outcome("relay", 23, "high", ""), outcomes.get(1));
    assertTrue(board.isHigh(23));
  }

  @Test
  void restAll_withItsOwnGpio_closesIt_andTheLevelsStay() throws Exception {
    Config config = config("[{\"name\": \"relay\", \"pin\": 23, \"action\": \"switch\", "
        + "\"activeHigh\": false}]", "");
    assertEquals(List.of(new Resting.Outcome("relay", 23, "high", "")), Resting.restAll(config));
  }
}
