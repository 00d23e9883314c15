package dev.geminipi.config;

/**
 * The {@code gpio} section. Named so it does not clash with Pi4J's own GpioConfig.
 *
 * @param chip gpiochip name to use instead of Pi4J's pinctrl detection; empty for detection
 */
public record GpioSettings(Provider provider, String chip) {

  /** AUTO uses gpiod when a /dev/gpiochip exists and the mock platform otherwise. */
  public enum Provider { AUTO, MOCK }

  public static GpioSettings defaults() {
    return new GpioSettings(Provider.AUTO, "");
  }
}
