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
 * then generationComplete and turnComplete.
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

  ModelTurns(FakeLiveServer server, int sessionSec, int modelSec, int turns) {
    this.server = server;
    this.turns = turns;
    this.chunksPerTurn = Math.round(modelSec * 1000f / turns / CHUNK_MS);
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

  /** Plans the session of this connection, starting now (its setupComplete went out). */
  void start(int connection) {
    AtomicLong sent = sentBytes.computeIfAbsent(connection, c -> new AtomicLong());
    for (int t = 0; t < turns; t++) {
      long at = periodMs / 2 + t * periodMs;
      for (int c = 0; c < chunksPerTurn; c++) {
        timer.schedule(() -> {
          server.sendTo(connection, chunk);
          sent.addAndGet(chunkBytes);
        }, at + (long) c * SEND_EVERY_MS, TimeUnit.MILLISECONDS);
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

  double plannedSec() {
    return turns * chunksPerTurn * CHUNK_MS / 1000.0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
