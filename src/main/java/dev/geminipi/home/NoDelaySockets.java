package dev.geminipi.home;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories whose sockets send each MQTT packet at once (TCP_NODELAY). With Nagle's
 * algorithm a small packet waits while an earlier one is unacknowledged, and the broker
 * acknowledges a lone PUBACK only when its delayed-ACK timer fires (40 ms on Linux): a publish
 * right after a received message waited that long (BENCHMARKS.md, "MQTT actions"). Paho takes
 * a plain factory for tcp:// and only an SSLSocketFactory for ssl://, hence two.
 */
final class NoDelaySockets {
  private NoDelaySockets() {
  }

  static SocketFactory plain() {
    return new Plain(SocketFactory.getDefault());
  }

  static SSLSocketFactory tls() {
    return new Tls((SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  private static Socket noDelay(Socket s) throws SocketException {
    s.setTcpNoDelay(true);
    return s;
  }

  private static final class Plain extends SocketFactory {
    private final SocketFactory d;

    Plain(SocketFactory d) {
      this.d = d;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(d.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }
  }

  private static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory d;

    Tls(SSLSocketFactory d) {
      this.d = d;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(d.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return noDelay(d.createSocket(noDelay(s), host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return d.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return d.getSupportedCipherSuites();
    }
  }
}
