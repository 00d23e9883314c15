package dev.geminipi.gpio;

/**
 * What the device is doing, as the status LED shows it. The names match the {@code state}
 * values of the control socket's {@code status} answer (DESIGN.md); the conversation maps
 * its own state onto these.
 */
public enum DeviceState {
  IDLE, CONNECTING, LISTENING, THINKING, SPEAKING, ERROR, OFFLINE,
  /** Not a conversation state: the microphone is muted (Home Assistant's mute switch). */
  MUTED
}
