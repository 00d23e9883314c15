package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MqttSectionTest {
  private final List<String> warnings = new ArrayList<>();
  private final ConfigLoader loader = new ConfigLoader(warnings::add);

  private Config parse(String json) throws ConfigException {
    return loader.parse(json, "config.json");
  }

  private List<String> errors(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).problems();
  }

  @Test
  void absentSection_isEmpty() throws ConfigException {
    assertEquals(Optional.empty(), parse("{}").mqtt());
  }

  @Test
  void emptySection_takesDefaultsWithTheHostName() throws ConfigException {
    MqttConfig m = parse("{\"mqtt\": {}}").mqtt().orElseThrow();
    String host = MqttSection.hostNodeId();
    assertEquals(MqttConfig.defaults(host), m);
    assertEquals("gemini-pi/" + host, m.baseTopic());
    assertEquals("mqtt://localhost:1883", m.broker());
    assertEquals("homeassistant", m.discoveryPrefix());
    assertTrue(host.matches("[A-Za-z0-9_-]+"), host);
  }

  @Test
  void fullSection_readsEveryKey() throws ConfigException {
    MqttConfig m = parse("""
        {"mqtt": {"broker": "mqtts://broker.lan:8883", "username": "pi",
                  "passwordEnv": "GP_MQTT", "nodeId": "kitchen", "baseTopic": "house/kitchen",
                  "discoveryPrefix": "ha", "arbitrationWindowMs": 400}}
        """).mqtt().orElseThrow();
    assertEquals(new MqttConfig("mqtts://broker.lan:8883", "pi", "GP_MQTT", "kitchen",
        "house/kitchen", "ha", 400), m);
    assertTrue(m.tls());
  }

  @Test
  void nodeId_setsTheBaseTopicDefault() throws ConfigException {
    assertEquals("gemini-pi/office",
        parse("{\"mqtt\": {\"nodeId\": \"office\"}}").mqtt().orElseThrow().baseTopic());
  }

  @Test
  void badValues_areAllReportedWithPathAndFix() {
    assertEquals(List.of(
        "config.json: mqtt.nodeId: \"living room\" may hold only letters, digits, _ and -, "
            + "e.g. \"kitchen\"",
        "config.json: mqtt.broker: \"http://broker:1883\" must start with mqtt:// or mqtts://; "
            + "use e.g. \"mqtt://localhost:1883\" or \"mqtts://broker:8883\"",
        "config.json: mqtt.passwordEnv: \"my password\" is not an environment variable name; "
            + "use letters, digits and _, e.g. \"MQTT_PASSWORD\" (the password itself goes in "
            + "/etc/gemini-pi/env, never in this file)",
        "config.json: mqtt.baseTopic: \"home/#\" is not a topic to publish under; use levels "
            + "without + or # and no leading or trailing /, e.g. \"gemini-pi/living room\"",
        "config.json: mqtt.arbitrationWindowMs: 5000 is out of range; use 0-2000 milliseconds",
        "config.json: mqtt.brokr: unknown key; did you mean \"broker\"?"),
        errors("""
            {"mqtt": {"nodeId": "living room", "broker": "http://broker:1883",
                      "passwordEnv": "my password", "baseTopic": "home/#",
                      "arbitrationWindowMs": 5000, "brokr": "x"}}
            """));
  }

  @Test
  void credentialsInTheUrl_areRefused() {
    assertEquals(List.of("config.json: mqtt.broker: \"mqtt://pi:secret@broker:1883\" carries a "
        + "user name or password; put the user in mqtt.username and the password in the "
        + "variable mqtt.passwordEnv names"),
        errors("{\"mqtt\": {\"broker\": \"mqtt://pi:secret@broker:1883\"}}"));
  }

  @Test
  void sectionNotAnObject_isAnError() {
    assertEquals(List.of("config.json: mqtt: true is a boolean; expected an object in braces { }"),
        errors("{\"mqtt\": true}"));
  }
}
