package dev.geminipi.gpio;

/**
 * A hardware PWM output in the owner's terms: 0 is off and 100 is fully on, whatever
 * {@code activeHigh} says. It rests at 0, applied when it opens and when {@link Gpio} closes.
 */
public interface PwmOutput {
  /** The BCM GPIO number (not the PWM channel). */
  int pin();

  /**
   * Sets the duty cycle.
   *
   * @param percent 0 to 100
   * @throws GpioFault when the channel cannot be set, or once {@link Gpio} is closed
   */
  void setPercent(int percent);

  /** The duty cycle last set, 0 to 100, in the owner's terms. */
  int percent();
}
