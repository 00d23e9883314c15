package dev.geminipi.live;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
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

  private EndpointProbe() {
  }

  public static Result probe(String endpoint, Credential credential, String keyVariable,
      long timeoutMs) {
    URI uri = credential.uri(endpoint);
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
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
      }
    };
    client.setDaemon(true);
    client.setConnectionLostTimeout(0);
    client.connect();
    try {
      if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        client.closeConnection(1000, "check timed out");
        return new Result(false, uri.getHost() + " did not answer within " + timeoutMs
            + " ms; check the network");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
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
