package dev.geminipi.home;

import dev.geminipi.config.MqttConfig;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** {@code gemini-pi check}'s MQTT line: a real login to the broker with the daemon's options. */
public final class MqttCheck {
  /** One ✓ or ✗ line's text. */
  public record Result(boolean ok, String line) {
  }

  private MqttCheck() {
  }

  public static Result run(MqttConfig c, Map<String, String> env) {
    String password = c.username().isEmpty() ? null : env.get(c.passwordEnv());
    try {
      // Its own client id: the running daemon's connection must not be kicked off.
      MqttClient client = new MqttClient(Broker.uri(c), "gemini-pi-check-" + c.nodeId(),
          new MemoryPersistence());
      try {
        client.connect(Broker.options(c, password));
        client.disconnect(1000);
      } finally {
        client.close(true);
      }
      return new Result(true, "mqtt: logged in to " + c.broker() + (c.username().isEmpty()
          ? " anonymously" : " as \"" + c.username() + "\"") + "; Home Assistant finds \""
          + c.nodeId() + "\" under " + c.discoveryPrefix() + "/device/" + c.nodeId());
    } catch (MqttException e) {
      return new Result(false, "mqtt: " + Broker.explain(c, password != null, e));
    }
  }
}
