package dev.geminipi.cli;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.ControlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code control.socket} of a config file that does not load as a whole (an unknown key, a bad
 * value elsewhere): talk, status and hangup only need the socket, and a daemon that refused to
 * reload such a file still listens where its old config said. Falls back to the default socket
 * when the file is not even JSON.
 */
final class SocketOfBrokenConfig {
  private SocketOfBrokenConfig() {
  }

  static String read(Path config) {
    String fallback = ControlConfig.defaults().socket();
    try {
      JsonValue root = Json.parse(Files.readString(config));
      JsonValue control = root.isObject() ? root.asObject().get("control") : null;
      JsonValue socket = control != null && control.isObject()
          ? control.asObject().get("socket") : null;
      return socket != null && socket.isString() && !socket.asString().isBlank()
          ? socket.asString() : fallback;
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }
}
