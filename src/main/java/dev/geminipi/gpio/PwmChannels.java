package dev.geminipi.gpio;

/**
 * Which sysfs PWM channel drives a BCM pin; Pi4J's linuxfs PWM addresses channels, not pins
 * (docs/hardware.md §1.5). Pi 3/4/Zero 2 W: GPIO 12 and 18 share channel 0, GPIO 13 and 19
 * channel 1. Pi 5 (RP1): GPIO 12, 13, 18, 19 are channels 0, 1, 2, 3.
 */
final class PwmChannels {
  private PwmChannels() {
  }

  static int channel(int pin, boolean rp1) {
    return switch (pin) {
      case 12 -> 0;
      case 13 -> 1;
      case 18 -> rp1 ? 2 : 0;
      case 19 -> rp1 ? 3 : 1;
      default -> throw new GpioFault(pin, "GPIO " + pin + " has no hardware PWM; use GPIO 12, "
          + "13, 18 or 19");
    };
  }
}
