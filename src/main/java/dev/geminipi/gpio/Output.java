package dev.geminipi.gpio;

/**
 * A digital output in the owner's terms: "on" is the active level, whatever {@code activeHigh}
 * says. It rests off: that level is applied when it opens and when {@link Gpio} closes.
 */
public interface Output {
  /** The BCM GPIO number. */
  int pin();

  /**
   * Drives the pin.
   *
   * @throws GpioFault when the line cannot be set, or once {@link Gpio} is closed
   */
  void set(boolean on);

  /** The level the pin was last driven to, in the owner's terms. */
  boolean isOn();
}
