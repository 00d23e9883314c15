package dev.geminipi.testkit;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket to a {@link FakeLiveServer} that sends whatever text it is given, good
 * or bad, so tests can put any message in front of the fake's rules. Every wait is 5 s.
 */
public final class RawLiveClient implements AutoCloseable {
  /** How the server closed the socket. */
  public record Closed(int code, String reason) {
  }

  private static final String PATH =
      "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
  private static final long WAIT_SECONDS = 5;

  private final FakeLiveServer server;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final Socket socket;

  private RawLiveClient(FakeLiveServer server) {
    this.server = server;
    socket = new Socket(URI.create(server.endpoint() + PATH));
  }

  /** Connected with the fake's API key, or an AssertionError after 5 s. */
  public static RawLiveClient connect(FakeLiveServer server) {
    RawLiveClient c = new RawLiveClient(server);
    try {
      if (!c.socket.connectBlocking(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("no connection to " + server.endpoint() + " within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while connecting", e);
    }
    return c;
  }

  public void send(String text) {
    socket.send(text);
  }

  /** The next server message, parsed. */
  public JsonObject takeFrame() {
    try {
      JsonObject f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (f == null) {
        throw new AssertionError("no server message within 5 s (socket open: " + socket.isOpen()
            + ", closed: " + closed.getNow(null) + ", the server got: " + server.history().stream()
            .map(Received::kind).toList() + ")");
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a server message", e);
    }
  }

  /** The next server message, which must have this top-level key. */
  public JsonObject takeFrame(String key) {
    JsonObject f = takeFrame();
    if (f.get(key) == null) {
      throw new AssertionError("expected a " + key + " message, got " + f);
    }
    return f.get(key).asObject();
  }

  /** The server's close, waiting up to 5 s for it. */
  public Closed takeClose() {
    try {
      return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the close", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the server did not close within 5 s", e);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Closing is best effort; the server's own close() ends the socket anyway.
    }
  }

  private final class Socket extends WebSocketClient {
    Socket(URI uri) {
      super(uri, Map.of("x-goog-api-key", FakeLiveServer.API_KEY));
      setConnectionLostTimeout(0);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
      frames.add(Json.parse(message).asObject());
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      onMessage(StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closed.complete(new Closed(code, reason));
    }

    @Override
    public void onError(Exception ex) {
      // A failure also ends in onClose, which the test reads.
    }
  }
}
