package dev.geminipi.home;

import dev.geminipi.config.MqttConfig;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/** How the daemon and {@code check} reach the broker, and what they say when they cannot. */
final class Broker {
  private Broker() {
  }

  /** Paho's form of {@code mqtt.broker}: tcp:// or ssl://. */
  static String uri(MqttConfig c) {
    return (c.tls() ? "ssl://" : "tcp://") + c.broker().substring(c.broker().indexOf("://") + 3);
  }

  /**
   * Clean session, our own reconnect, the login, and each packet sent at once; mqtts uses the
   * JVM's trust store.
   */
  static MqttConnectOptions options(MqttConfig c, String password) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(false); // ours has jitter and logs once per outage
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(30);
    if (!c.username().isEmpty()) {
      o.setUserName(c.username());
      if (password != null) {
        o.setPassword(password.toCharArray());
      }
    }
    o.setSocketFactory(c.tls() ? NoDelaySockets.tls() : NoDelaySockets.plain());
    return o;
  }

  /** A failed connect in words, with what to do; never the password. Public surface. */
  static String explain(MqttConfig c, boolean passwordSet, MqttException e) {
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION,
          MqttException.REASON_CODE_NOT_AUTHORIZED ->
          c.broker() + " refused the login" + (c.username().isEmpty() ? " (anonymous logins are "
              + "not allowed there; set mqtt.username)" : " of \"" + c.username()
              + "\"; check mqtt.username and " + c.passwordEnv() + " in /etc/gemini-pi/env"
              + (passwordSet ? "" : " (it is not set)"));
      default -> "cannot reach " + c.broker() + " (" + describe(e) + ")";
    };
  }

  private static String describe(MqttException e) {
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
  }
}
