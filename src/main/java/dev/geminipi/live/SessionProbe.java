package dev.geminipi.live;

import dev.geminipi.config.GeminiConfig;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Proves that the service takes the key and the model: one real session (the setup, the
 * service's setupComplete, then a clean close with 1000), one attempt, nothing else sent. The
 * WebSocket upgrade alone proves neither: the service accepts it and refuses the key after the
 * setup (docs/protocol.md, "Errors").
 */
public final class SessionProbe {
  /** {@code ok} with the time to setupComplete, or the service's refusal in words. */
  public record Result(boolean ok, long readyMs, String detail) {
  }

  /** How long the close handshake may take before the probe stops waiting for it. */
  static final long CLOSE_WAIT_MS = 2000;

  private final LongSupplier nanoTime;

  /** @param nanoTime the time source for "session ready in N ms" */
  public SessionProbe(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public Result probe(GeminiConfig gemini, Credential credential) throws InterruptedException {
    BlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "session-probe");
      t.setDaemon(true);
      return t;
    });
    // The close frame is an immediate task; the forced cut scheduled after it need not wait.
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    LiveSession session = new LiveSession(gemini, List.of(), credential, events::add,
        scheduler, new Random(), LiveSession.Limits.defaults().withAttempts(1));
    long start = nanoTime.getAsLong();
    // The session's own setup timer ends the attempt; the margin covers the close handshake.
    long deadlineMs = gemini.setupTimeoutMs() + LiveConnection.CLOSE_DEADLINE_MS + 1000;
    try {
      session.open(false);
      while (true) {
        ServerEvent e = events.poll(deadlineMs, TimeUnit.MILLISECONDS);
        if (e == null) {
          return new Result(false, 0, "no answer within " + deadlineMs + " ms; check the "
              + "network");
        }
        if (e instanceof ServerEvent.SetupComplete) {
          return new Result(true, (nanoTime.getAsLong() - start) / 1_000_000, "");
        }
        if (e instanceof ServerEvent.Closed c) {
          return new Result(false, 0, c.explanation());
        }
      }
    } finally {
      session.close();
      scheduler.shutdown();
      scheduler.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    }
  }
}
