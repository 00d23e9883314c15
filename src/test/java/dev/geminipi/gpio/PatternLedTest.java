package dev.geminipi.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.LedConfig;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PatternLedTest {
  private final MockBoard board = MockBoard.open();
  private final ManualScheduler scheduler = new ManualScheduler();

  @AfterEach
  void tearDown() {
    board.close();
  }

  @Test
  void show_beforeAnyState_ledRestsOff() {
    board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    assertFalse(board.isHigh(27));
  }

  @Test
  void show_listening_isSteadyOnAtOnce_withNoTimer() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    led.show(DeviceState.LISTENING);
    assertTrue(board.isHigh(27));
    assertEquals(0, scheduler.pending());
  }

  @Test
  void show_connecting_blinksOnTheScheduler() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    led.show(DeviceState.CONNECTING);
    assertTrue(board.isHigh(27));
    scheduler.advanceMillis(150);
    assertFalse(board.isHigh(27));
    scheduler.advanceMillis(150);
    assertTrue(board.isHigh(27));
  }

  @Test
  void show_newState_switchesAtOnceAndCancelsOldTimer() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    led.show(DeviceState.CONNECTING);
    scheduler.advanceMillis(200);
    assertFalse(board.isHigh(27), "mid-pattern: in the off step");
    led.show(DeviceState.LISTENING);
    assertTrue(board.isHigh(27), "the new pattern's first level, without waiting");
    assertEquals(0, scheduler.pending(), "the old pattern's timer is cancelled");
    scheduler.advanceMillis(10_000);
    assertTrue(board.isHigh(27));
  }

  @Test
  void show_sameStateAgain_doesNotRestartPattern() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    led.show(DeviceState.THINKING);
    scheduler.advanceMillis(100);
    assertFalse(board.isHigh(27));
    led.show(DeviceState.THINKING);
    assertFalse(board.isHigh(27));
    assertEquals(1, scheduler.pending());
  }

  @Test
  void show_activeLowLed_drivesLineLowForOn() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, false, false), scheduler);
    assertTrue(board.isHigh(27));
    led.show(DeviceState.LISTENING);
    assertFalse(board.isHigh(27));
  }

  @Test
  void show_pwm_glowsAndBreathesSmoothly() {
    StatusLed led = board.gpio().statusLed(new LedConfig(18, true, true), scheduler);
    led.show(DeviceState.IDLE);
    assertEquals(4, board.duty(18));
    led.show(DeviceState.SPEAKING);
    assertEquals(50, board.duty(18));
    scheduler.advanceMillis(200);
    int rising = board.duty(18);
    assertTrue(rising > 50 && rising < 100, "ramping up: " + rising);
    scheduler.advanceMillis(200);
    assertEquals(100, board.duty(18));
    led.show(DeviceState.ERROR);
    assertEquals(100, board.duty(18));
    scheduler.advanceMillis(150);
    assertEquals(0, board.duty(18));
  }

  @Test
  void statusLed_pinThatFailsToOpen_isNoneWithOneWarning() {
    board.gpio().output(27, true);
    try (LogCapture logs = LogCapture.open()) {
      StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
      assertSame(StatusLed.NONE, led);
      assertEquals(1, logs.warnings().size());
      assertTrue(logs.warnings().get(0).startsWith("WARN [dev.geminipi.gpio.Gpio] status LED is "
          + "disabled: GPIO 27 could not be opened as an output: "), logs.warnings().get(0));
    }
  }

  @Test
  void gpioClose_stopsPatternAndRestsLed() {
    StatusLed led = board.gpio().statusLed(new LedConfig(27, true, false), scheduler);
    led.show(DeviceState.CONNECTING);
    board.gpio().close();
    assertFalse(board.isHigh(27));
    assertEquals(0, scheduler.pending());
    led.show(DeviceState.LISTENING);
    assertFalse(board.isHigh(27), "after shutdown nothing moves");
  }
}
