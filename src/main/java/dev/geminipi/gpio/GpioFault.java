package dev.geminipi.gpio;

/** A pin could not be opened, set or read; the message names the pin and what failed. */
public final class GpioFault extends RuntimeException {
  private final int pin;
  private final boolean shutDown;

  GpioFault(int pin, String message, Throwable cause) {
    super(message, cause);
    this.pin = pin;
    this.shutDown = false;
  }

  private GpioFault(int pin) {
    super("GPIO " + pin + " is shut down");
    this.pin = pin;
    this.shutDown = true;
  }

  /** The pin was closed by {@link Gpio#close}, which left it at its resting level. */
  static GpioFault shutDown(int pin) {
    return new GpioFault(pin);
  }

  /** True when the pin is closed and already resting: nothing is wrong with the hardware. */
  public boolean shutDown() {
    return shutDown;
  }

  GpioFault(int pin, String message) {
    this(pin, message, null);
  }

  /** The BCM GPIO number, or -1 when the fault is not about one pin. */
  public int pin() {
    return pin;
  }
}
