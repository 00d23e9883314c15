package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The daemon's MQTT sockets send each packet at once, plain and TLS alike. */
class NoDelaySocketsTest {
  @Test
  void plainAndTlsSockets_haveTcpNoDelay() throws Exception {
    try (Socket plain = NoDelaySockets.plain().createSocket();
        Socket tls = NoDelaySockets.tls().createSocket()) {
      assertTrue(plain.getTcpNoDelay(), "tcp://");
      assertTrue(tls.getTcpNoDelay(), "ssl://");
    }
  }
}
