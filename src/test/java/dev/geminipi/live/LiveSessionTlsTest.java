package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.SelfSignedTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose TLS fails (a Pi that booted with its clock in 1970, a proxy's certificate)
 * says why on every attempt, not "connection lost (-1)": Java-WebSocket reports the closed
 * socket and the handshake's cause on two threads, in either order.
 */
class LiveSessionTlsTest {
  @TempDir
  Path dir;
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "test-live-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final EventRecorder events = new EventRecorder();
  private FakeLiveServer server;
  private LiveSession session;

  @AfterEach
  void tearDown() {
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void untrustedCertificate_everyAttemptNamesTheTlsFailure_andTheKeyIsNeverSent()
      throws Exception {
    server = FakeLiveServer.startTls(SelfSignedTls.create(dir).server());
    scheduler.setRemoveOnCancelPolicy(true);
    session = new LiveSession(LiveSessionTest.gemini(server.endpoint()), List.of(),
        Credential.of(FakeLiveServer.API_KEY), events, scheduler, new Random(1),
        LiveSession.Limits.defaults());
    session.open(false);
    for (int attempt = 1; attempt <= 4; attempt++) {
      ServerEvent.Closed c = events.take(ServerEvent.Closed.class);
      assertEquals("TLS failed: the server's certificate is not signed by an authority this "
          + "system trusts; check the clock and the network", c.explanation(),
          "attempt " + attempt);
      assertTrue(c.willReconnect(), "a clock put right by NTP lets a later attempt through");
    }
    assertEquals(0, server.connectionCount(), "the key went to no one");
  }
}
