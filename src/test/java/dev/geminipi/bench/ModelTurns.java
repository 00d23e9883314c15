package dev.geminipi.bench;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ServerMessages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model's side of a session: {@code turns} turns spread evenly over the session, together
 * {@code modelSec} of 24 kHz audio, each sent as 240 ms chunks (the size the service sends,
 * docs/protocol.md §5) at four times real time, as the service sends faster than it plays,
 * then generationComplete and turnComplete. With {@code interrupting}, each turn is cut as
 * the service cuts one when the user speaks over it: half its chunks, then {@code interrupted}
 * (its time kept for the daemon's connection, to time the speaker's silence), then
 * turnComplete.
 */
final class ModelTurns implements AutoCloseable {
  static final int RATE_HZ = 24_000;
  static final int CHUNK_MS = 240;
  static final int SEND_EVERY_MS = CHUNK_MS / 4;

  private final FakeLiveServer server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Map<Integer, AtomicLong> sentBytes = new ConcurrentHashMap<>();
  private final JsonObject chunk;
  private final int chunkBytes;
  private final int turns;
  private final int chunksPerTurn;
  private final long periodMs;
  private final int chunksSent;
  private final java.util.Queue<Long> interruptNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();

  ModelTurns(FakeLiveServer server, int sessionSec, int modelSec, int turns,
      boolean interrupting) {
    this.server = server;
    this.turns = turns;
    this.chunksPerTurn = Math.round(modelSec * 1000f / turns / CHUNK_MS);
    this.chunksSent = interrupting ? chunksPerTurn / 2 : chunksPerTurn;
    this.periodMs = sessionSec * 1000L / turns;
    byte[] pcm = tone();
    this.chunkBytes = pcm.length;
    this.chunk = ServerMessages.audio(pcm);
  }

  /** 240 ms of 500 Hz (a whole number of periods, so chunks join without a click). */
  private static byte[] tone() {
    int n = RATE_HZ * CHUNK_MS / 1000;
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putShort((short) (8_000 * Math.sin(2 * Math.PI * 500 * i / RATE_HZ)));
    }
    return b.array();
  }

  /**
   * Plans the session of this connection, starting now (its setupComplete went out);
   * {@code timed}: the connection whose interruptions are timed.
   */
  void start(int connection, boolean timed) {
    AtomicLong sent = sentBytes.computeIfAbsent(connection, c -> new AtomicLong());
    for (int t = 0; t < turns; t++) {
      long at = periodMs / 2 + t * periodMs;
      for (int c = 0; c < chunksSent; c++) {
        timer.schedule(() -> {
          server.sendTo(connection, chunk);
          sent.addAndGet(chunkBytes);
        }, at + (long) c * SEND_EVERY_MS, TimeUnit.MILLISECONDS);
      }
      if (chunksSent < chunksPerTurn) {
        timer.schedule(() -> {
          if (timed) {
            interruptNanos.add(System.nanoTime());
          }
          server.sendTo(connection, ServerMessages.interrupted());
          server.sendTo(connection, ServerMessages.turnComplete());
        }, at + (long) chunksSent * SEND_EVERY_MS, TimeUnit.MILLISECONDS);
        continue;
      }
      timer.schedule(() -> {
        server.sendTo(connection, ServerMessages.generationComplete());
        server.sendTo(connection, ServerMessages.turnComplete());
      }, at + (long) chunksPerTurn * SEND_EVERY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Seconds of model audio sent on this connection so far. */
  double sentSec(int connection) {
    AtomicLong sent = sentBytes.get(connection);
    return sent == null ? 0 : sent.get() / (RATE_HZ * 2.0);
  }

  /** When each interruption went out on the timed connection, System.nanoTime(). */
  java.util.List<Long> interruptNanos() {
    return java.util.List.copyOf(interruptNanos);
  }

  boolean interrupting() {
    return chunksSent < chunksPerTurn;
  }

  /** Model audio each client is sent, s. */
  double plannedSec() {
    return turns * chunksSent * CHUNK_MS / 1000.0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
