package dev.geminipi.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Reads the optional {@code mqtt} section; see {@link MqttConfig}. */
final class MqttSection {
  /** MQTT topic levels and Home Assistant's node_id both accept these. */
  private static final String NODE_ID = "[A-Za-z0-9_-]+";

  private MqttSection() {
  }

  static Optional<MqttConfig> read(Node root) {
    if (!root.has("mqtt")) {
      return Optional.empty();
    }
    return root.object("mqtt").map(MqttSection::section);
  }

  private static MqttConfig section(Node n) {
    String nodeId = n.string("nodeId", "");
    if (nodeId.isEmpty()) {
      nodeId = hostNodeId();
    } else if (!nodeId.matches(NODE_ID)) {
      n.problems().error(n.pathOf("nodeId"), "\"" + nodeId + "\" may hold only letters, digits, "
          + "_ and -, e.g. \"kitchen\"");
    }
    MqttConfig d = MqttConfig.defaults(nodeId);
    String broker = n.string("broker", d.broker());
    checkBroker(n, broker);
    String passwordEnv = n.string("passwordEnv", d.passwordEnv());
    if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      n.problems().error(n.pathOf("passwordEnv"), "\"" + passwordEnv + "\" is not an "
          + "environment variable name; use letters, digits and _, e.g. \""
          + MqttConfig.DEFAULT_PASSWORD_ENV + "\" (the password itself goes in "
          + "/etc/gemini-pi/env, never in this file)");
    }
    String baseTopic = topic(n, "baseTopic", d.baseTopic());
    String prefix = topic(n, "discoveryPrefix", d.discoveryPrefix());
    MqttConfig c = new MqttConfig(broker, n.string("username", d.username()), passwordEnv,
        nodeId, baseTopic, prefix,
        n.integer("arbitrationWindowMs", d.arbitrationWindowMs(), 0, 2000, "milliseconds"));
    n.rejectUnknownKeys();
    return c;
  }

  private static String topic(Node n, String key, String fallback) {
    String t = n.string(key, fallback);
    if (t.isEmpty() || t.contains("+") || t.contains("#") || t.startsWith("/")
        || t.endsWith("/")) {
      n.problems().error(n.pathOf(key), "\"" + t + "\" is not a topic to publish under; use "
          + "levels without + or # and no leading or trailing /, e.g. \"" + fallback + "\"");
      return fallback;
    }
    return t;
  }

  private static void checkBroker(Node n, String broker) {
    String path = n.pathOf("broker");
    String example = "; use e.g. \"" + MqttConfig.DEFAULT_BROKER + "\" or \"mqtts://broker:8883\"";
    try {
      URI uri = new URI(broker);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
        n.problems().error(path, "\"" + broker + "\" must start with mqtt:// or mqtts://"
            + example);
      } else if (uri.getHost() == null) {
        n.problems().error(path, "\"" + broker + "\" has no host name" + example);
      } else if (uri.getRawUserInfo() != null) {
        n.problems().error(path, "\"" + broker + "\" carries a user name or password; put the "
            + "user in mqtt.username and the password in the variable mqtt.passwordEnv names");
      } else if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null) {
        n.problems().error(path, "give only scheme, host and port" + example);
      }
    } catch (URISyntaxException e) {
      n.problems().error(path, "\"" + broker + "\" is not a URL" + example);
    }
  }

  /** The host name as a node id: Home Assistant takes [a-zA-Z0-9_-] only. */
  static String hostNodeId() {
    String host = "";
    try {
      host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "");
    }
    String id = host.replaceAll("[^A-Za-z0-9_-]", "_");
    return id.isEmpty() ? "gemini-pi" : id;
  }
}
