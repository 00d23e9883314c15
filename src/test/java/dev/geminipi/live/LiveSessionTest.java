package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.testkit.EventRecorder;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.GeminiConfigBuilder;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.SelfSignedTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSessionTest {
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

  static GeminiConfig gemini(String endpoint) {
    return dev.geminipi.testkit.GeminiConfigBuilder.gemini().endpoint(endpoint)
        .setupTimeoutMs(2000).build();
  }

  private LiveSession open(GeminiConfig gemini, String secret) {
    scheduler.setRemoveOnCancelPolicy(true);
    session = new LiveSession(gemini, List.of(), Credential.of(secret), events, scheduler,
        new Random(1), LiveSession.Limits.defaults());
    session.open(false);
    return session;
  }

  private LiveSession openReady(FakeLiveServer.Policy... policies) {
    server = FakeLiveServer.start(policies);
    open(gemini(server.endpoint()), FakeLiveServer.API_KEY);
    server.takeMessage("setup");
    events.take(ServerEvent.SetupComplete.class);
    return session;
  }

  @Test
  void open_defaults_sendsSetupWithKeyHeaderAndGetsReady() {
    openReady();
    FakeLiveServer.Handshake h = server.takeHandshake();
    assertEquals(Credential.ApiKey.PATH, h.path());
    assertEquals(FakeLiveServer.API_KEY, h.headers().get("x-goog-api-key"));
    assertTrue(session.isReady());
  }

  @Test
  void sendAudio_afterSetup_arrivesInOrderAsWritten() {
    openReady();
    for (int i = 0; i < 50; i++) {
      byte[] chunk = new byte[640];
      chunk[0] = (byte) i;
      chunk[639] = (byte) (i * 3);
      assertTrue(session.sendAudio(chunk, 0, chunk.length));
    }
    for (int i = 0; i < 50; i++) {
      Received r = server.takeMessage("realtimeInput.audio");
      assertEquals("audio/pcm;rate=16000", r.body().get("audio").asObject().getString("mimeType",
          ""));
      byte[] data = r.data();
      assertEquals(640, data.length);
      assertEquals((byte) i, data[0]);
      assertEquals((byte) (i * 3), data[639]);
    }
  }

  @Test
  void sendText_beforeSetupComplete_isHeldUntilReady() {
    server = FakeLiveServer.start();
    open(gemini(server.endpoint()), FakeLiveServer.API_KEY);
    assertTrue(session.sendText("turn on the lamp"));
    assertEquals("setup", server.takeMessage().kind());
    Received text = server.takeMessage();
    assertEquals("realtimeInput.text", text.kind());
    assertEquals("turn on the lamp", text.body().getString("text", ""));
    assertTrue(server.pollRejection().isEmpty());
  }

  @Test
  void goAway_reconnectsAtOnceWithNewestResumableHandle() {
    openReady();
    // the server's own update after setupComplete must come first, or it is the newest handle
    events.take(ServerEvent.ResumptionUpdate.class);
    String handle = server.sendResumptionUpdate();
    server.goAway(Duration.ofSeconds(5));
    Received setup = server.takeMessage("setup");
    assertEquals(2, setup.connection());
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle", ""));
    assertTrue(events.take(ServerEvent.SetupComplete.class).resumed());
    assertEquals(1, server.takeClientClose(), "the old connection is closed by the client");
  }

  @Test
  void goAway_whileModelSpeaks_waitsForResumableHandle() {
    openReady();
    server.send(dev.geminipi.testkit.ServerMessages.resumptionUpdate("", false));
    server.goAway(Duration.ofSeconds(5));
    events.take(ServerEvent.GoAway.class);
    assertEquals(1, server.connectionCount());
    String handle = server.sendResumptionUpdate();
    Received setup = server.takeMessage("setup");
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle", ""));
  }

  @Test
  void abruptClose_reconnectsWithHandle() {
    openReady();
    // the server's own update after setupComplete must come first, or it is the newest handle
    events.take(ServerEvent.ResumptionUpdate.class);
    String handle = server.sendResumptionUpdate();
    events.take(ServerEvent.ResumptionUpdate.class);
    server.abortConnection();
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertTrue(closed.willReconnect());
    Received setup = server.takeMessage("setup");
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle", ""));
    assertTrue(events.take(ServerEvent.SetupComplete.class).resumed());
  }

  @Test
  void badKey_stopsWithPlainReasonAndNoRetry() {
    server = FakeLiveServer.start();
    open(gemini(server.endpoint()), "wrong-key");
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertEquals(1008, closed.code());
    assertFalse(closed.willReconnect());
    assertEquals("the service refused the API key; check GEMINI_API_KEY in /etc/gemini-pi/env "
        + "(close 1008)", closed.explanation());
    assertTrue(server.takeRefusal().startsWith("1008 "), "the refusal the test caused");
    assertFalse(session.isOpen());
    assertTrue(scheduler.getQueue().isEmpty(), "a retry is scheduled: " + scheduler.getQueue());
    assertEquals(1, server.connectionCount());
  }

  @Test
  void unknownModel_stopsAndSaysCheckModel() {
    server = FakeLiveServer.start();
    open(GeminiConfigBuilder.gemini(server).model("models/gemini-9-live").build(),
        FakeLiveServer.API_KEY);
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertFalse(closed.willReconnect());
    assertTrue(closed.explanation().startsWith("the model was not found (1008: models/gemini-9-"
        + "live is not found for API version v1beta"), closed.explanation());
    assertTrue(closed.explanation().endsWith("check gemini.model, e.g. "
        + "\"models/gemini-3.8-live\""), closed.explanation());
    assertTrue(server.takeRefusal().startsWith("1008 "), "the refusal the test caused");
  }

  @Test
  void close1007_stopsWithTheServiceReason() {
    openReady();
    server.closeConnection(1007, "Request contains an invalid argument.");
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertFalse(closed.willReconnect());
    assertEquals("the service rejected a message (1007: Request contains an invalid argument.); "
        + "check gemini.model and the gemini settings, or report a bug", closed.explanation());
    assertTrue(scheduler.getQueue().isEmpty());
  }

  @Test
  void close1011_reconnectsAfterBackoff() {
    openReady();
    server.closeConnection(1011, "Internal error occurred.");
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertTrue(closed.willReconnect());
    assertEquals("service error (1011: Internal error occurred.); reconnecting",
        closed.explanation());
    assertEquals(2, server.takeMessage("setup").connection());
  }

  @Test
  void rejectedHandle_fallsBackToFreshSessionAndSaysSo() {
    openReady();
    events.take(ServerEvent.ResumptionUpdate.class);
    server.forgetHandles();
    server.abortConnection();
    events.take(ServerEvent.Closed.class);
    ServerEvent.Closed rejected = events.take(ServerEvent.Closed.class);
    assertEquals(1008, rejected.code());
    assertTrue(rejected.willReconnect());
    assertEquals("the service no longer knows the session (1008: BidiGenerateContent session not "
        + "found); starting a fresh session, earlier context is lost", rejected.explanation());
    assertTrue(server.takeRefusal().startsWith("1008 "), "the refusal the test caused");
    assertEquals(2, server.takeMessage("setup").connection()); // the one refused
    Received fresh = server.takeMessage("setup", Duration.ofSeconds(5));
    assertEquals(3, fresh.connection());
    assertFalse(fresh.body().get("sessionResumption").asObject().names().contains("handle"));
    assertFalse(events.take(ServerEvent.SetupComplete.class).resumed());
  }

  @Test
  void noSetupComplete_timesOutAndRetries() {
    server = FakeLiveServer.start(FakeLiveServer.Policy.NO_SETUP_COMPLETE);
    open(gemini(server.endpoint()), FakeLiveServer.API_KEY);
    ServerEvent.Closed closed = events.take(ServerEvent.Closed.class);
    assertTrue(closed.willReconnect());
    assertEquals("setupComplete not received within 2000 ms (model="
        + "models/gemini-3.8-live, attempt 1); retrying", closed.explanation());
    assertEquals(1, server.takeMessage("setup").connection());
    assertEquals(2, server.takeMessage("setup", Duration.ofSeconds(5)).connection());
  }

  @Test
  void ephemeralToken_usesConstrainedMethodAndTokenHeader() {
    server = FakeLiveServer.start();
    open(gemini(server.endpoint()), FakeLiveServer.TOKEN);
    events.take(ServerEvent.SetupComplete.class);
    FakeLiveServer.Handshake h = server.takeHandshake();
    assertEquals(Credential.EphemeralToken.PATH, h.path());
    assertEquals("Token " + FakeLiveServer.TOKEN, h.headers().get("Authorization"));
    assertFalse(h.headers().containsKey("x-goog-api-key"));
  }

  @Test
  void stalledLink_dropsOldestAudioAndNeverBlocksTheCaller() {
    openReady(FakeLiveServer.Policy.STALL);
    session.sendText("first"); // the server stops reading at this message
    byte[] chunk = new byte[640];
    for (int i = 0; i < 30_000 && session.droppedAudio() == 0; i++) {
      session.sendAudio(chunk, 0, chunk.length);
    }
    assertTrue(session.droppedAudio() > 0, "no audio was dropped");
    assertTrue(session.sendToolResponse(List.of(FunctionResponse.blocking("x", "y",
        new com.eclipsesource.json.JsonObject()))),
        "a tool response must still be queued while audio is being dropped");
  }

  /**
   * A daemon whose TLS fails (a Pi that booted with its clock in 1970, a proxy's certificate)
   * says why on every attempt, not "connection lost (-1)": Java-WebSocket reports the closed
   * socket and the handshake's cause on two threads, in either order.
   */
  @Test
  void untrustedCertificate_everyAttemptNamesTheTlsFailure_andTheKeyIsNeverSent()
      throws Exception {
    server = FakeLiveServer.startTls(SelfSignedTls.create(dir).server());
    open(gemini(server.endpoint()), FakeLiveServer.API_KEY);
    for (int attempt = 1; attempt <= 4; attempt++) {
      // the backoff grows 0.5 s, 1 s, 2 s, with jitter
      ServerEvent.Closed c = events.take(ServerEvent.Closed.class, Duration.ofSeconds(10));
      assertEquals("TLS failed: the server's certificate is not signed by an authority this "
          + "system trusts; check the clock and the network", c.explanation(),
          "attempt " + attempt);
      assertTrue(c.willReconnect(), "a clock put right by NTP lets a later attempt through");
    }
    assertEquals(0, server.connectionCount(), "the key went to no one");
  }
}
