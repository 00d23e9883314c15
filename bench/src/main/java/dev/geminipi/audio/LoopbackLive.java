package dev.geminipi.audio;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

// The smallest Live server the latency harness needs on loopback: it answers the setup, notes when
// microphone audio louder than a threshold first arrives, and sends model audio when told to.
// (The strict FakeLiveServer lives in the main project's tests, which the bench cannot see.)
final class LoopbackLive extends WebSocketServer {

  private static final int LOUD = 2_000;

  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicLong firstLoudNanos = new AtomicLong();
  private volatile WebSocket client;

  LoopbackLive() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setDaemon(true);
  }

  static LoopbackLive begin() throws InterruptedException {
    LoopbackLive s = new LoopbackLive();
    s.start();
    if (!s.started.await(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("loopback server did not start");
    }
    return s;
  }

  String endpoint() {
    return "ws://127.0.0.1:" + getPort();
  }

  /** Forgets the last loud chunk, so the next one is timed. */
  void arm() {
    firstLoudNanos.set(0);
  }

  /** When loud microphone audio first arrived since {@link #arm()}, or 0. */
  long firstLoudNanos() {
    return firstLoudNanos.get();
  }

  /** Sends 16-bit mono PCM at 24 kHz as one model audio message. */
  void sendModelAudio(byte[] pcm24k) {
    JsonObject m = Json.object().add("serverContent", Json.object().add("modelTurn", Json.object().add("parts",
        Json.array().add(Json.object().add("inlineData", Json.object().add("mimeType", "audio/pcm;rate=24000")
            .add("data", Base64.getEncoder().encodeToString(pcm24k)))))));
    client.send(ByteBuffer.wrap(m.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    long now = System.nanoTime();
    JsonObject m = Json.parse(message).asObject();
    if (m.get("setup") != null) {
      client = conn;
      conn.send("{\"setupComplete\":{}}");
      return;
    }
    JsonValue input = m.get("realtimeInput");
    if (input == null || input.asObject().get("audio") == null || firstLoudNanos.get() != 0) {
      return;
    }
    byte[] pcm = Base64.getDecoder().decode(input.asObject().get("audio").asObject().getString("data", ""));
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      if (Math.abs((short) ((pcm[i] & 0xFF) | pcm[i + 1] << 8)) > LOUD) {
        firstLoudNanos.compareAndSet(0, now);
        return;
      }
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    onMessage(conn, StandardCharsets.UTF_8.decode(message).toString());
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    System.err.println("loopback server: " + ex);
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
