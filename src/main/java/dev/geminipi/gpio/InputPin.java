package dev.geminipi.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.function.Consumer;

/** An {@link Input} on a Pi4J digital input. */
final class InputPin implements Input {
  private final int pin;
  private final DigitalInput line;

  InputPin(int pin, DigitalInput line) {
    this.pin = pin;
    this.line = line;
  }

  @Override
  public int pin() {
    return pin;
  }

  @Override
  public boolean isHigh() {
    try {
      return line.state() == DigitalState.HIGH;
    } catch (RuntimeException e) {
      throw new GpioFault(pin, "GPIO " + pin + " could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void onChange(Consumer<Boolean> listener) {
    line.addListener(e -> listener.accept(e.state() == DigitalState.HIGH));
  }
}
