package dev.geminipi.home;

import dev.geminipi.config.MqttConfig;

/**
 * Every topic of one device. State and commands live under {@code baseTopic}; Home Assistant's
 * discovery under its prefix; wake-word claims under a root all devices share, whatever their
 * base topics. Names are public surface (docs/home-assistant.md).
 */
record Topics(String base, String prefix, String node) {
  /** Shared by every gemini-pi on the broker, whatever its base topic. */
  static final String SHARED = "gemini-pi/_shared";

  static Topics of(MqttConfig c) {
    return new Topics(c.baseTopic(), c.discoveryPrefix(), c.nodeId());
  }

  /**
   * The last will's topic, under the shared root: Home Assistant reads it for availability, and
   * the other devices read it to know who is on the broker for wake arbitration.
   */
  String availability() {
    return SHARED + "/devices/" + node;
  }

  String state() {
    return base + "/state";
  }

  String lastError() {
    return base + "/last_error";
  }

  String volumeState() {
    return base + "/volume";
  }

  String volumeSet() {
    return base + "/volume/set";
  }

  String muteState() {
    return base + "/mute";
  }

  String muteSet() {
    return base + "/mute/set";
  }

  String talk() {
    return base + "/talk/press";
  }

  String hangup() {
    return base + "/hangup/press";
  }

  String announce() {
    return base + "/announce";
  }

  String events() {
    return base + "/event";
  }

  String outputState(String tool) {
    return base + "/output/" + tool;
  }

  String outputSet(String tool) {
    return base + "/output/" + tool + "/set";
  }

  String outputPress(String tool) {
    return base + "/output/" + tool + "/press";
  }

  String input(String name) {
    return base + "/input/" + name;
  }

  /** Every command this device takes, as few subscriptions as can cover them. */
  String[] commands() {
    return new String[] {base + "/+/set", base + "/+/press", base + "/announce",
        base + "/output/+/set", base + "/output/+/press"};
  }

  String discovery() {
    return prefix + "/device/" + node + "/config";
  }

  /** Where Home Assistant says it (re)started. */
  String homeAssistantStatus() {
    return prefix + "/status";
  }

  static String devices() {
    return SHARED + "/devices/+";
  }

  static String claims() {
    return SHARED + "/claims";
  }
}
