package dev.geminipi.live;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Checks that the Live endpoint answers: TCP, TLS and the WebSocket upgrade, with the
 * credential in its header. Nothing else is sent, and the key goes only to the configured
 * endpoint.
 */
public final class EndpointProbe {
  /** What the probe found; {@code detail} is one plain line. */
  public record Result(boolean ok, String detail) {
  }

  /**
   * How long a connection that died before the upgrade waits for its cause. Java-WebSocket does
   * the TLS handshake lazily on two threads: when the writer's handshake fails, the reader can
   * see the socket closed and report "never connected" (-1) before the writer reports the
   * SSLHandshakeException, so without this wait the line would say "connection lost (-1)".
   */
  static final long CAUSE_GRACE_MS = 1000;

  private final SSLSocketFactory tls;
  private final LongSupplier nanoTime;
  private final long timeoutMs;

  /**
   * @param tls the TLS sockets for {@code wss} endpoints: whom to trust
   * @param nanoTime the time source for the handshake's duration
   */
  public EndpointProbe(SSLSocketFactory tls, LongSupplier nanoTime, long timeoutMs) {
    this.tls = tls;
    this.nanoTime = nanoTime;
    this.timeoutMs = timeoutMs;
  }

  /** The JVM's trust store (the system's CA certificates) and the monotonic clock. */
  public static EndpointProbe system(long timeoutMs) {
    return new EndpointProbe((SSLSocketFactory) SSLSocketFactory.getDefault(), System::nanoTime,
        timeoutMs);
  }

  public Result probe(String endpoint, Credential credential, String keyVariable) {
    URI uri = credential.uri(endpoint);
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    long start = nanoTime.getAsLong();
    Outcome outcome = new Outcome();
    WebSocketClient client = new WebSocketClient(uri, credential.headers()) {
      @Override
      public void onOpen(ServerHandshake handshake) {
        outcome.opened = true;
        done.countDown();
        close(1000, "check done");
      }

      @Override
      public void onMessage(String message) {
      }

      @Override
      public void onMessage(ByteBuffer bytes) {
      }

      @Override
      public void onClose(int code, String reason, boolean remote) {
        outcome.code = code;
        outcome.reason = reason == null ? "" : reason;
        done.countDown();
      }

      @Override
      public void onError(Exception ex) {
        outcome.error = ex;
        failed.countDown();
      }
    };
    client.setDaemon(true);
    client.setConnectionLostTimeout(0);
    if ("wss".equals(uri.getScheme())) {
      client.setSocketFactory(tls);
    }
    client.connect();
    try {
      if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        client.closeConnection(1000, "check timed out");
        return new Result(false, uri.getHost() + " did not answer within " + timeoutMs
            + " ms; check the network");
      }
      if (!outcome.opened && outcome.code == CloseFrame.NEVER_CONNECTED) {
        failed.await(CAUSE_GRACE_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
    long ms = (nanoTime.getAsLong() - start) / 1_000_000;
    if (outcome.opened) {
      return new Result(true, uri.getScheme() + "://" + uri.getHost() + " answered the "
          + "WebSocket handshake in " + ms + " ms");
    }
    CloseVerdict v = CloseVerdict.of(outcome.code, outcome.reason, outcome.error, keyVariable);
    return new Result(false, v.explanation().replace("; reconnecting", "")
        .replace("; retrying", ""));
  }

  private static final class Outcome {
    volatile boolean opened;
    volatile int code;
    volatile String reason = "";
    volatile Throwable error;
  }
}
