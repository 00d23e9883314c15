package dev.geminipi.gpio;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.pwm.MockPwm;
import dev.geminipi.config.GpioSettings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Gpio} on a fresh Pi4J mock context (one per test, docs/hardware.md §1.8) and a
 * window onto its mock pins: tests in other packages press buttons with
 * {@link MockDigitalInput#mockState} and read levels back from the mock outputs. It lives in
 * this package because only here are the Pi4J objects reachable; it is no fake.
 */
public final class MockBoard implements AutoCloseable {
  private final Gpio gpio;

  private MockBoard(Gpio gpio) {
    this.gpio = gpio;
  }

  public static MockBoard open() {
    return new MockBoard(Gpio.open(new GpioSettings(GpioSettings.Provider.MOCK, "")));
  }

  public Gpio gpio() {
    return gpio;
  }

  public MockDigitalInput input(int pin) {
    return gpio.io(Gpio.inputId(pin), MockDigitalInput.class);
  }

  public MockDigitalOutput output(int pin) {
    return gpio.io(Gpio.outputId(pin), MockDigitalOutput.class);
  }

  public MockPwm pwm(int pin) {
    return gpio.io(Gpio.pwmId(pin), MockPwm.class);
  }

  /** True when the output line of {@code pin} is at the high level. */
  public boolean isHigh(int pin) {
    return output(pin).state() == DigitalState.HIGH;
  }

  /** The physical duty cycle of the PWM on {@code pin}: 0 when the channel is off. */
  public int duty(int pin) {
    MockPwm p = pwm(pin);
    return p.isOn() ? p.getDutyCycle() : 0;
  }

  public void set(int inputPin, boolean high) {
    input(inputPin).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
  }

  /** Every level the output of {@code pin} is driven to from now on, "H" or "L". */
  public List<String> record(int pin) {
    List<String> levels = new CopyOnWriteArrayList<>();
    output(pin).addListener(e -> levels.add(e.state() == DigitalState.HIGH ? "H" : "L"));
    return levels;
  }

  @Override
  public void close() {
    gpio.close();
  }
}
