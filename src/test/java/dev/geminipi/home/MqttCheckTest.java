package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.MqttConfig;
import dev.geminipi.testkit.Mosquitto;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttCheckTest {
  @TempDir
  Path dir;

  private static MqttConfig config(String url, String user) {
    MqttConfig d = MqttConfig.defaults("kitchen");
    return new MqttConfig(url, user, d.passwordEnv(), d.nodeId(), d.baseTopic(),
        d.discoveryPrefix(), d.arbitrationWindowMs());
  }

  @Test
  void rightPassword_isOk() throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir, "pi", "right")) {
      assertEquals(new MqttCheck.Result(true, "mqtt: logged in to " + broker.url()
          + " as \"pi\"; Home Assistant finds \"kitchen\" under homeassistant/device/kitchen"),
          MqttCheck.run(config(broker.url(), "pi"), Map.of("MQTT_PASSWORD", "right")));
    }
  }

  @Test
  void wrongOrMissingPassword_namesTheVariable() throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir, "pi", "right")) {
      assertEquals(new MqttCheck.Result(false, "mqtt: " + broker.url() + " refused the login "
          + "of \"pi\"; check mqtt.username and MQTT_PASSWORD in /etc/gemini-pi/env"),
          MqttCheck.run(config(broker.url(), "pi"), Map.of("MQTT_PASSWORD", "wrong")));
      assertEquals(new MqttCheck.Result(false, "mqtt: " + broker.url() + " refused the login "
          + "of \"pi\"; check mqtt.username and MQTT_PASSWORD in /etc/gemini-pi/env (it is not "
          + "set)"), MqttCheck.run(config(broker.url(), "pi"), Map.of()));
    }
  }

  @Test
  void brokerDown_cannotReach() throws Exception {
    String url;
    try (Mosquitto broker = Mosquitto.start(dir)) {
      url = broker.url();
    }
    MqttCheck.Result r = MqttCheck.run(config(url, ""), Map.of());
    assertEquals(false, r.ok());
    assertEquals(true, r.line().startsWith("mqtt: cannot reach " + url + " ("), r.line());
  }
}
