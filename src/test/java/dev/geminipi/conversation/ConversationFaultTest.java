package dev.geminipi.conversation;

import static dev.geminipi.testkit.ConversationScaffold.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.live.LiveSession;
import dev.geminipi.testkit.CallTimer;
import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state machine under the faults of issue 7, stepped one event at a time like
 * {@link ConversationTest}: it goes offline (and the LED says so) while the session retries,
 * comes back by itself when it can, says what went wrong, and the next conversation works.
 *
 * <p>Longer than STYLE 3 likes on purpose: one scenario per fault that issue 7 lists, all on
 * the same few helpers, read top to bottom like the list.
 */
class ConversationFaultTest {
  /** Backoff waits of exactly 0.5 s, 1 s, 2 s, ... keep these tests short and predictable. */
  private static final RandomGenerator NO_JITTER = () -> 0L;

  private ConversationScaffold h;
  private final LogCapture logs = LogCapture.open();
  private FakeLiveServer server;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    if (server != null) {
      server.close();
    }
    logs.close();
    List<String> errors = logs.lines().stream().filter(l -> l.startsWith("ERROR")).toList();
    assertTrue(errors.isEmpty(), "errors logged: " + errors);
  }

  private void start(String endpoint, int setupTimeoutMs) throws Exception {
    start(endpoint, setupTimeoutMs, LiveSession.Limits.defaults());
  }

  private void start(String endpoint, int setupTimeoutMs, LiveSession.Limits limits)
      throws Exception {
    if (h != null) {
      h.close();
    }
    h = ConversationScaffold.live(endpoint).setupTimeoutMs(setupTimeoutMs).random(NO_JITTER)
        .limits(limits).start();
  }

  private void startWithServer(FakeLiveServer.Policy... policies) throws Exception {
    server = FakeLiveServer.start(policies);
    start(server.endpoint(), 1000);
  }

  private void listening() throws Exception {
    h.talk();
    server.takeMessage("setup");
    h.stepUntil(Conversation.State.LISTENING);
  }

  /** The mic chunk with this marker reaches the server, on whatever connection is current. */
  private Received audioArrives(int marker) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Received r = server.takeMessage("realtimeInput.audio");
      if (r.data()[0] == (byte) marker) {
        return r;
      }
    }
    throw new AssertionError("mic chunk " + marker + " did not reach the server within 5 s");
  }

  /** Ends whatever is going on, then a second talk reaches LISTENING and streams the h.mic(). */
  private void nextConversationWorks() throws Exception {
    if (h.state() != Conversation.State.ERROR) {
      h.control("{\"cmd\":\"hangup\"}");
      assertEquals(Conversation.State.IDLE, h.state());
    }
    int restsBefore = h.tools().rests();
    assertEquals("{\"ok\":true,\"state\":\"connecting\"}", h.talk()
        .toString());
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(chunk(99), 640);
    audioArrives(99);
    h.control("{\"cmd\":\"hangup\"}");
    assertEquals(restsBefore + 1, h.tools().rests(), "outputs went to rest at hangup");
  }

  private String status(String field) throws Exception {
    return h.control("{\"cmd\":\"status\"}").get(field).toString();
  }

  private static Conversation.State last(List<Conversation.State> shown) {
    return shown.get(shown.size() - 1);
  }

  private static int closedLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void serverClosesWhileModelSpeaks_goesOfflineThenResumesAndKeepsMicAudio() throws Exception {
    startWithServer();
    listening();
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    server.closeConnection(1011, "Internal error occurred.");
    h.stepUntil(Conversation.State.OFFLINE);
    assertTrue(h.playback().calls().contains("interrupt"),
        "playback stopped: " + h.playback().calls());
    assertTrue(h.led().contains(Conversation.State.OFFLINE));
    h.mic().onAudio(chunk(7), 640);                          // said while offline
    h.stepUntil(Conversation.State.LISTENING);
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] offline -> "
        + "listening (session resumed)"), logs.lines().toString());
    h.mic().onAudio(chunk(8), 640);                          // the next chunk flushes the ring
    assertEquals(2, audioArrives(7).connection());
    audioArrives(8);
    nextConversationWorks();
  }

  @Test
  void serverStopsReading_micThreadNeverBlocks_dropsShowInStatus() throws Exception {
    startWithServer(FakeLiveServer.Policy.STALL);
    listening();
    CallTimer timer = new CallTimer();
    for (int i = 0; i < 50_000 && h.session().droppedAudio() < 100; i++) {
      timer.time(() -> h.mic().onAudio(chunk(1), 640));
    }
    timer.assertNeverBlocked("mic hand-over");
    assertEquals(Conversation.State.LISTENING, h.state());
    assertTrue(Long.parseLong(status("micAudioDropped")) >= 100, status("micAudioDropped"));
    server.removePolicy(FakeLiveServer.Policy.STALL);
    server.unstall();
    nextConversationWorks();
  }

  @Test
  void serverSendsGarbage_warnedOnceAndTheConversationGoesOn() throws Exception {
    startWithServer();
    listening();
    for (int i = 0; i < 20; i++) {
      server.sendRawBytes(new byte[] {'{', (byte) i, (byte) 0xff, '}'});
      server.sendRaw("{\"serverContent\": {\"turnComplete\": " + i + "}}", true);
    }
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    assertEquals(List.of("WARN [dev.geminipi.conversation.Conversation] the service sent "
        + "something unreadable (binary frame is not UTF-8 text); ignored, and further ones are "
        + "logged at DEBUG"), logs.warnings());
    nextConversationWorks();
  }

  @Test
  void goAwayOneSecondLeft_staysListeningAndMicAudioMovesToTheNewConnection() throws Exception {
    startWithServer();
    listening();
    String handle = server.sendResumptionUpdate();
    h.stepUntil("handle stored", () -> h.session().handle().equals(handle));
    server.goAway(Duration.ofSeconds(1));
    Received setup = server.takeMessage("setup");
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle",
        ""));
    h.stepUntil("resumed", h.session()::isReady);
    h.mic().onAudio(chunk(5), 640);
    assertEquals(2, audioArrives(5).connection());
    assertEquals(Conversation.State.LISTENING, h.state());
    assertFalse(h.led().contains(Conversation.State.OFFLINE), "went offline: " + h.led());
    nextConversationWorks();
  }

  @Test
  void resumptionHandleRejected_offlineThenFreshSessionAndSaysSo() throws Exception {
    startWithServer();
    listening();
    h.stepUntil("handle stored", () -> !h.session().handle().isEmpty());
    server.forgetHandles();
    server.abortConnection();
    h.stepUntil(Conversation.State.OFFLINE);
    h.stepUntil(Conversation.State.LISTENING);
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] offline -> "
        + "listening (session ready)"), "not a fresh session: " + logs.lines());
    assertTrue(logs.warnings().contains("WARN [dev.geminipi.live.LiveSession] the service no "
        + "longer knows the session (1008: BidiGenerateContent session not found); starting a "
        + "fresh session, earlier context is lost"), logs.warnings().toString());
    assertEquals("1008 BidiGenerateContent session not found", server.takeRefusal());
    nextConversationWorks();
  }

  @Test
  void noSetupComplete_offlineWhileRetrying_thenNextConversationWorks() throws Exception {
    startWithServer(FakeLiveServer.Policy.NO_SETUP_COMPLETE);
    h.talk();
    h.stepUntil(Conversation.State.OFFLINE);
    assertEquals("\"offline\"", status("state"));
    assertTrue(h.led().contains(Conversation.State.OFFLINE));
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] connecting "
        + "-> offline (setupComplete not received within 1000 ms (model="
        + "models/gemini-3.8-live, attempt 1); retrying)"), logs.lines().toString());
    h.control("{\"cmd\":\"hangup\"}");
    assertEquals(Conversation.State.IDLE, h.state());
    server.removePolicy(FakeLiveServer.Policy.NO_SETUP_COMPLETE);
    nextConversationWorks();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      1007 | Request contains an invalid argument. | ERROR   | the service rejected a message (1007: Request contains an invalid argument.); check gemini.model and the gemini settings, or report a bug
      1008 | The operation was aborted.            | OFFLINE | the service refused an operation (1008: The operation was aborted.); reconnecting
      1011 | Internal error occurred.              | OFFLINE | service error (1011: Internal error occurred.); reconnecting
      1000 | ''                                    | OFFLINE | the service closed the connection (1000); resuming
      """)
  void serverCloses_stateAndWordsFollowTheVerdict(int code, String reason,
      Conversation.State after, String explanation) throws Exception {
    startWithServer();
    listening();
    server.closeConnection(code, reason);
    h.stepUntil(after);
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] listening -> "
        + after.name().toLowerCase(java.util.Locale.ROOT) + " (" + explanation + ")"),
        logs.lines().toString());
    if (after == Conversation.State.ERROR) {
      assertEquals("\"" + explanation + "\"", status("lastError"));
      assertTrue(h.playback().calls().contains("earcon ERROR"));
    } else {
      h.stepUntil(Conversation.State.LISTENING);             // it came back by itself
    }
    nextConversationWorks();
  }

  @Test
  void connectionRefused_offlineWhileBackingOff_thenComesBackByItself() throws Exception {
    int port = closedLoopbackPort();
    start("ws://127.0.0.1:" + port, 1000);
    h.talk();
    h.stepUntil(Conversation.State.OFFLINE);
    assertEquals(List.of(Conversation.State.CONNECTING, Conversation.State.OFFLINE), h.led());
    assertEquals("\"offline\"", status("state"));
    assertEquals("false", status("connected"));
    h.stepUntil("a second attempt", () -> logs.lines().stream()
        .anyMatch(l -> l.contains("attempt 2")));
    assertEquals(Conversation.State.OFFLINE, h.state());
    server = FakeLiveServer.startOn(port);               // the network is back
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(chunk(3), 640);
    audioArrives(3);
    assertEquals(1, logs.warnings().stream().filter(l -> l.contains("cannot reach the service "
        + "(Connection refused); check the network")).count(), logs.warnings().toString());
    nextConversationWorks();
  }

  @Test
  void dnsFails_offlineWhileRetrying_hangupStopsTheRetries() throws Exception {
    start("wss://nonexistent.invalid", 1000);
    h.talk();
    h.stepUntil(Conversation.State.OFFLINE);
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] connecting "
        + "-> offline (cannot resolve nonexistent.invalid (DNS); check the network)"),
        logs.lines().toString());
    assertTrue(h.led().contains(Conversation.State.OFFLINE));
    h.control("{\"cmd\":\"hangup\"}");
    assertEquals(Conversation.State.IDLE, h.state());
    assertEquals(Conversation.State.IDLE, last(h.led()));
    assertFalse(h.session().isOpen(), "the session still retries after hangup");
    assertEquals("{\"ok\":true,\"state\":\"connecting\"}", h.talk()
        .toString());                                   // and the daemon still takes commands
    h.stepUntil(Conversation.State.OFFLINE);
  }

  @Test
  void connectionRefused_outOfAttempts_errorEarconIdleLedOfflineAndNoLaterSession()
      throws Exception {
    int port = closedLoopbackPort();
    start("ws://127.0.0.1:" + port, 1000, LiveSession.Limits.defaults().withAttempts(2));
    h.talk();
    h.stepUntil(Conversation.State.OFFLINE);
    h.stepUntil(Conversation.State.IDLE);
    String why = "cannot reach the service (Connection refused); check the network (gave up "
        + "after 2 attempts)";
    assertEquals("\"" + why + "\"", status("lastError"));
    assertEquals("\"idle\"", status("state"));
    assertEquals(List.of(Conversation.State.CONNECTING, Conversation.State.OFFLINE,
        Conversation.State.IDLE, Conversation.State.OFFLINE), h.led());
    assertTrue(h.playback().calls().contains("earcon ERROR"), h.playback().calls().toString());
    assertTrue(logs.lines().contains("INFO [dev.geminipi.conversation.Conversation] offline -> "
        + "idle (" + why + ")"), logs.lines().toString());
    assertTrue(logs.lines().contains("INFO [dev.geminipi.live.LiveSession] connecting to "
        + "127.0.0.1 (model models/gemini-3.8-live, attempt 2 of 2, after: cannot "
        + "reach the service (Connection refused); check the network)"), logs.lines().toString());
    assertFalse(h.session().isOpen(), "the session still retries with nobody waiting");
    server = FakeLiveServer.startOn(port);               // the network is back: nobody dials
    assertEquals("\"idle\"", status("state"));
    assertEquals(0, server.connectionCount());
    nextConversationWorks();
  }

  @Test
  void dnsFails_outOfAttempts_lastErrorNamesTheHost() throws Exception {
    start("wss://nonexistent.invalid", 1000, LiveSession.Limits.defaults().withAttempts(2));
    h.talk();
    h.stepUntil(Conversation.State.OFFLINE);
    h.stepUntil(Conversation.State.IDLE);
    assertEquals("\"cannot resolve nonexistent.invalid (DNS); check the network (gave up after 2 "
        + "attempts)\"", status("lastError"));
    assertEquals(Conversation.State.OFFLINE, last(h.led()));
    assertFalse(h.session().isOpen());
  }
}
