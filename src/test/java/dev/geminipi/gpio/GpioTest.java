package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.GpioSettings;
import dev.geminipi.config.Pull;
import dev.geminipi.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioTest {
  private final MockBoard board = MockBoard.open();
  private final Gpio gpio = board.gpio();

  @AfterEach
  void tearDown() {
    board.close();
  }

  @Test
  void output_atOpen_restsOff_activeLowLineHigh() {
    Output lamp = gpio.output(22, true);
    Output relay = gpio.output(23, false);
    assertFalse(board.isHigh(22));
    assertTrue(board.isHigh(23), "an active-low relay board rests with its line high");
    assertFalse(lamp.isOn());
    assertFalse(relay.isOn());
  }

  @Test
  void output_set_drivesActiveLevel() {
    Output lamp = gpio.output(22, true);
    Output relay = gpio.output(23, false);
    lamp.set(true);
    relay.set(true);
    assertTrue(board.isHigh(22));
    assertFalse(board.isHigh(23));
    assertTrue(lamp.isOn());
    assertTrue(relay.isOn());
    relay.set(false);
    assertTrue(board.isHigh(23));
  }

  @Test
  void close_drivesEveryOutputToRest_andRefusesLaterSets() {
    Output lamp = gpio.output(22, true);
    Output relay = gpio.output(23, false);
    PwmOutput fan = gpio.pwmOutput(18, true, 1000);
    lamp.set(true);
    relay.set(true);
    fan.setPercent(70);
    gpio.close();
    assertFalse(board.isHigh(22));
    assertTrue(board.isHigh(23));
    assertEquals(0, board.duty(18));
    GpioFault f = assertThrows(GpioFault.class, () -> lamp.set(true));
    assertEquals("GPIO 22 is shut down", f.getMessage());
    assertEquals(22, f.pin());
    assertFalse(board.isHigh(22));
    gpio.close();
  }

  @Test
  void shutdownHook_drivesOutputsToRest() throws InterruptedException {
    Output relay = gpio.output(23, false);
    relay.set(true);
    Thread hook = gpio.shutdownHook();
    hook.start();
    hook.join(5000);
    assertTrue(board.isHigh(23));
    assertThrows(GpioFault.class, () -> relay.set(true));
  }

  @Test
  void output_samePinTwice_failsWithGpioFault() {
    gpio.output(22, true);
    GpioFault f = assertThrows(GpioFault.class, () -> gpio.output(22, true));
    assertTrue(f.getMessage().startsWith("GPIO 22 could not be opened as an output: "),
        f.getMessage());
  }

  @Test
  void pwmOutput_percent_setsDuty_activeLowInverts() {
    PwmOutput fan = gpio.pwmOutput(18, true, 25_000);
    PwmOutput led = gpio.pwmOutput(19, false, 1000);
    assertEquals(0, board.duty(18));
    assertEquals(100, board.duty(19), "active-low PWM rests fully high");
    fan.setPercent(40);
    led.setPercent(40);
    assertEquals(40, board.duty(18));
    assertEquals(60, board.duty(19));
    assertEquals(40, fan.percent());
    assertEquals(40, led.percent());
    assertEquals(25_000, board.pwm(18).getFrequency());
    fan.setPercent(0);
    assertFalse(board.pwm(18).isOn());
  }

  @Test
  void input_pullUp_readsHighOnMock_andReportsEveryChange() {
    Input button = gpio.input(17, Pull.UP);
    Input door = gpio.input(5, Pull.OFF);
    assertTrue(button.isHigh(), "a pulled-up line reads high, as on the Pi");
    assertFalse(door.isHigh());
    List<Boolean> seen = new ArrayList<>();
    button.onChange(seen::add);
    board.set(17, false);
    board.set(17, true);
    assertEquals(List.of(false, true), seen);
  }

  @Test
  void open_autoWithoutGpioChip_usesMockWithOneWarning(@TempDir Path dev) {
    try (LogCapture logs = LogCapture.open()) {
      Gpio auto = Gpio.open(GpioSettings.defaults(), dev);
      auto.close();
      assertTrue(auto.isMock());
      assertEquals(List.of("WARN [dev.geminipi.gpio.Gpio] no /dev/gpiochip* found, so GPIO "
          + "runs on the mock platform and no pin will move; set gpio.provider to \"mock\" if "
          + "that is intended"), logs.warnings());
    }
  }

  @Test
  void open_mock_logsNoWarning() {
    try (LogCapture logs = LogCapture.open()) {
      Gpio mock = Gpio.open(new GpioSettings(GpioSettings.Provider.MOCK, "gpiochip0"));
      mock.close();
      assertTrue(mock.isMock());
      assertEquals(List.of(), logs.warnings());
    }
  }

  @Test
  void hasGpioChip_seesCharacterDeviceNames(@TempDir Path dev) throws Exception {
    assertFalse(Contexts.hasGpioChip(dev));
    Files.createFile(dev.resolve("gpiochip4"));
    assertTrue(Contexts.hasGpioChip(dev));
    assertFalse(Contexts.hasGpioChip(dev.resolve("missing")));
  }

  @Test
  void pwmChannel_mapsPinsPerBoard() {
    assertEquals(List.of(0, 1, 0, 1), List.of(PwmChannels.channel(12, false),
        PwmChannels.channel(13, false), PwmChannels.channel(18, false),
        PwmChannels.channel(19, false)));
    assertEquals(List.of(0, 1, 2, 3), List.of(PwmChannels.channel(12, true),
        PwmChannels.channel(13, true), PwmChannels.channel(18, true),
        PwmChannels.channel(19, true)));
    GpioFault f = assertThrows(GpioFault.class, () -> PwmChannels.channel(17, false));
    assertEquals("GPIO 17 has no hardware PWM; use GPIO 12, 13, 18 or 19", f.getMessage());
  }

  @Test
  void watch_hearsEveryOutputAndInputChange_andLevelReadsTheLine() {
    java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    Output relay = gpio.output(23, false);
    gpio.watch((pin, high) -> heard.add(pin + "=" + (high ? "high" : "low")));
    gpio.input(5, dev.geminipi.config.Pull.OFF);
    relay.set(true);
    board.input(5).mockState(com.pi4j.io.gpio.digital.DigitalState.HIGH);
    assertEquals(java.util.List.of("23=low", "5=high"), heard);
    assertEquals(java.util.Optional.of(false), gpio.level(23));
    assertEquals(java.util.Optional.of(true), gpio.level(5));
    assertEquals(java.util.Optional.empty(), gpio.level(6));
  }
}
