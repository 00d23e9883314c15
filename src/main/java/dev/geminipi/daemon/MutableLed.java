package dev.geminipi.daemon;

import dev.geminipi.gpio.DeviceState;
import dev.geminipi.gpio.StatusLed;

/**
 * The status LED with the microphone's mute on top: while muted it shows {@link
 * DeviceState#MUTED} whatever the conversation does, and the conversation's state again after.
 * Also remembers the last state for threads that must not ask the state machine.
 */
final class MutableLed implements StatusLed {
  private final StatusLed led;
  private volatile DeviceState state = DeviceState.IDLE;
  private volatile boolean muted;

  MutableLed(StatusLed led) {
    this.led = led;
  }

  @Override
  public synchronized void show(DeviceState next) {
    state = next;
    led.show(muted ? DeviceState.MUTED : next);
  }

  synchronized void muted(boolean on) {
    muted = on;
    led.show(on ? DeviceState.MUTED : state);
  }

  DeviceState state() {
    return state;
  }
}
