package dev.geminipi.gpio;

/** The status LED: one pattern per {@link DeviceState} (docs/gpio.md lists them). */
public interface StatusLed {
  /** For a device without an LED, so callers never ask whether there is one. */
  StatusLed NONE = state -> { };

  /** Switches to the pattern of {@code state} at once; the same state again changes nothing. */
  void show(DeviceState state);
}
