package dev.geminipi.config;

/**
 * The optional {@code mqtt} section: Home Assistant over an MQTT broker (docs/home-assistant.md).
 * Absent from the file means absent from {@link Config}, and then nothing of MQTT is loaded.
 *
 * @param broker {@code mqtt://host:1883}, or {@code mqtts://host:8883} checked against the
 *     JVM's trust store (on Debian built from the system's CA certificates)
 * @param username empty for an anonymous login
 * @param passwordEnv the environment variable (set in /etc/gemini-pi/env) holding the password;
 *     the password itself never appears in the config
 * @param nodeId this device on the broker and in Home Assistant; defaults to the host name
 * @param baseTopic where state and commands live; defaults to {@code gemini-pi/<nodeId>}
 * @param discoveryPrefix Home Assistant's discovery prefix
 * @param arbitrationWindowMs how long a wake word waits for other devices' claims
 */
public record MqttConfig(
    String broker,
    String username,
    String passwordEnv,
    String nodeId,
    String baseTopic,
    String discoveryPrefix,
    int arbitrationWindowMs) {

  public static final String DEFAULT_BROKER = "mqtt://localhost:1883";
  public static final String DEFAULT_PASSWORD_ENV = "MQTT_PASSWORD";
  public static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
  public static final int DEFAULT_ARBITRATION_WINDOW_MS = 300;

  /** The defaults for a device called {@code nodeId}. */
  public static MqttConfig defaults(String nodeId) {
    return new MqttConfig(DEFAULT_BROKER, "", DEFAULT_PASSWORD_ENV, nodeId,
        "gemini-pi/" + nodeId, DEFAULT_DISCOVERY_PREFIX, DEFAULT_ARBITRATION_WINDOW_MS);
  }

  /** True for {@code mqtts://}. */
  public boolean tls() {
    return broker.startsWith("mqtts://");
  }
}
