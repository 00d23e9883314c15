package dev.geminipi.gpio;

/** A pin could not be opened, set or read; the message names the pin and what failed. */
public final class GpioFault extends RuntimeException {
  private final int pin;

  GpioFault(int pin, String message, Throwable cause) {
    super(message, cause);
    this.pin = pin;
  }

  GpioFault(int pin, String message) {
    this(pin, message, null);
  }

  /** The BCM GPIO number, or -1 when the fault is not about one pin. */
  public int pin() {
    return pin;
  }
}
