package dev.geminipi.conversation;

import static dev.geminipi.testkit.ConversationScaffold.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the state machine makes of buttons, inputs and the idle deadline (issues 4 and 6),
 * stepped one event at a time like {@link ConversationTest} against the strict fake server.
 * Events are posted as {@code daemon.Adapters} makes them from the triggers' reports.
 */
class ConversationTriggersTest {
  private static final String BUTTON = "button on GPIO 17";

  private ConversationScaffold h;
  private FakeLiveServer server;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close(); // and the strict server checks it refused nothing
    }
  }

  /**
   * On 3.1, whose text goes in as realtimeInput.text; {@code geminiExtra} and {@code rest}
   * continue the gemini section and the whole file.
   */
  private void start(String geminiExtra, String rest) throws Exception {
    startModel("gemini-3.1-flash-live-preview", geminiExtra, rest);
  }

  private void startModel(String model, String geminiExtra, String rest) throws Exception {
    server = FakeLiveServer.start();
    h = ConversationScaffold.live(server).model(model).gemini(geminiExtra).sections(rest)
        .start();
  }

  /** A button press from idle: the session opens, the pre-roll comes, the session is ready. */
  private void pressToStart(boolean pushToTalk) throws Exception {
    h.post(new Event.Press(BUTTON, pushToTalk));
    h.stepUntil(Conversation.State.CONNECTING);
    h.mic().onPreRoll(new byte[0], 0, true);      // the microphone had nothing from before
    server.takeMessage("setup");
    h.stepUntil(Conversation.State.LISTENING);
  }

  private void modelSpeaks() throws Exception {
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
  }

  /** What one connection got, in order; audio as "audio N" with N the chunk's marker. */
  private List<String> wire(int connection) {
    return server.history().stream().filter(r -> r.connection() == connection)
        .map(r -> r.kind().equals("realtimeInput.audio") ? "audio " + r.data()[0] : r.kind())
        .toList();
  }

  /** 20 ms of a square wave: its RMS is {@code amplitude}. */
  private static byte[] tone(int amplitude) {
    byte[] pcm = new byte[640];
    for (int i = 0; i < pcm.length; i += 2) {
      int s = (i / 2) % 2 == 0 ? amplitude : -amplitude;
      pcm[i] = (byte) s;
      pcm[i + 1] = (byte) (s >> 8);
    }
    return pcm;
  }

  // --------------------------------------------------------------------------- buttons

  @Test
  void longPress_whileModelSpeaks_hangsUpClosesTheSessionAndTheReleaseIsIgnored()
      throws Exception {
    start("", "");
    pressToStart(false);
    h.post(new Event.Release(BUTTON, false));
    modelSpeaks();
    h.post(new Event.Press(BUTTON, false));        // the press interrupts ...
    h.stepUntil(Conversation.State.LISTENING);
    h.post(new Event.LongPress(BUTTON));           // ... and held on, it hangs up
    h.stepUntil(Conversation.State.IDLE);
    assertEquals(1, server.takeClientClose());
    h.post(new Event.Release(BUTTON, false));
    h.handled();
    assertEquals(Conversation.State.IDLE, h.state());
    assertFalse(h.session().isOpen());
    assertEquals(MicRouter.Route.IDLE, h.mic().route());
    assertEquals(1, server.connectionCount());
    assertEquals(List.of("earcon WAKE", "play 2", "interrupt", "interrupt", "earcon END"),
        h.playback().calls());
  }

  @Test
  void toggleButton_serverVad_pressStartsInterruptsTheModelThenEnds() throws Exception {
    start("", "");
    pressToStart(false);
    h.post(new Event.Release(BUTTON, false));
    h.mic().onAudio(chunk(1), 640);
    modelSpeaks();
    h.post(new Event.Press(BUTTON, false));
    h.stepUntil(Conversation.State.LISTENING);
    assertEquals(List.of("earcon WAKE", "play 2", "interrupt"), h.playback().calls());
    h.post(new Event.Release(BUTTON, false));
    h.handled();
    assertEquals(Conversation.State.LISTENING, h.state(), "a release is no press");
    h.post(new Event.Press(BUTTON, false));
    h.stepUntil(Conversation.State.IDLE);
    assertEquals(1, server.takeClientClose());
    assertFalse(h.session().isOpen());
    assertEquals(List.of("setup", "audio 1"), wire(1), "server VAD: no turn signals");
  }

  @Test
  void pushToTalk_serverVad_releaseSendsAudioStreamEndAfterTheAudio() throws Exception {
    start("", "");
    pressToStart(true);
    h.mic().onAudio(chunk(1), 640);
    h.mic().onAudio(chunk(2), 640);
    h.post(new Event.Release(BUTTON, true));
    h.stepUntilServerGot("realtimeInput.audioStreamEnd");
    assertEquals(Conversation.State.THINKING, h.state());
    assertEquals(List.of("setup", "audio 1", "audio 2", "realtimeInput.audioStreamEnd"),
        wire(1));
  }

  @Test
  void pushToTalk_manualActivity_holdIsOneActivity_pressWhileSpeakingStartsAnother()
      throws Exception {
    start(", \"activityDetection\": \"manual\"", "");
    pressToStart(true);
    h.mic().onAudio(chunk(1), 640);
    h.mic().onAudio(chunk(2), 640);
    h.post(new Event.Release(BUTTON, true));
    h.stepUntilServerGot("realtimeInput.activityEnd");
    assertEquals(Conversation.State.THINKING, h.state());
    modelSpeaks();
    h.post(new Event.Press(BUTTON, true));
    h.stepUntil(Conversation.State.LISTENING);
    assertEquals(List.of("earcon WAKE", "play 2", "interrupt"), h.playback().calls());
    h.mic().onAudio(chunk(3), 640);
    h.post(new Event.Release(BUTTON, true));
    h.stepUntil(Conversation.State.THINKING);
    h.stepUntil("second activityEnd", () -> wire(1).size() == 8);
    assertEquals(List.of("setup", "realtimeInput.activityStart", "audio 1", "audio 2",
        "realtimeInput.activityEnd", "realtimeInput.activityStart", "audio 3",
        "realtimeInput.activityEnd"), wire(1));
  }

  /**
   * Press, speak and let go while the session still connects (a quick question on a slow
   * link): the words held meanwhile go out as one turn and the turn ends after them; what the
   * microphone hears after the release does not go.
   */
  private List<String> releasedBeforeReady(String geminiExtra, String turnEnd) throws Exception {
    start(geminiExtra, "");
    server.holdNextSetup();
    h.post(new Event.Press(BUTTON, true));
    h.stepUntil(Conversation.State.CONNECTING);
    h.mic().onPreRoll(new byte[0], 0, true);
    server.takeMessage("setup");
    h.mic().onAudio(chunk(1), 640);
    h.mic().onAudio(chunk(2), 640);
    h.post(new Event.Release(BUTTON, true));
    h.handled();
    server.releaseSetup();
    h.stepUntil(Conversation.State.THINKING);
    h.mic().onAudio(chunk(3), 640);   // after the release
    h.stepUntilServerGot(turnEnd);
    h.mic().onAudio(chunk(4), 640);
    h.control("{\"cmd\":\"say\",\"text\":\"and then?\"}");  // a marker after them
    h.stepUntilServerGot("realtimeInput.text");
    return wire(1);
  }

  @Test
  void pushToTalk_manual_releasedBeforeSessionReady_heldWordsAreOneActivity() throws Exception {
    assertEquals(List.of("setup", "realtimeInput.activityStart", "audio 1", "audio 2",
        "realtimeInput.activityEnd", "realtimeInput.text"),
        releasedBeforeReady(", \"activityDetection\": \"manual\"", "realtimeInput.activityEnd"));
  }

  @Test
  void pushToTalk_serverVad_releasedBeforeSessionReady_heldWordsThenAudioStreamEnd()
      throws Exception {
    assertEquals(List.of("setup", "audio 1", "audio 2", "realtimeInput.audioStreamEnd",
        "realtimeInput.text"), releasedBeforeReady("", "realtimeInput.audioStreamEnd"));
  }

  @Test
  void pushToTalk_serverVad_betweenTurns_theMicrophoneRests() throws Exception {
    start("", "");
    pressToStart(true);
    h.mic().onAudio(chunk(1), 640);
    h.post(new Event.Release(BUTTON, true));
    h.stepUntilServerGot("realtimeInput.audioStreamEnd");
    h.mic().onAudio(chunk(2), 640);   // the button is up
    h.post(new Event.Press(BUTTON, true));
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(chunk(3), 640);
    h.control("{\"cmd\":\"say\",\"text\":\"marker\"}");
    h.stepUntilServerGot("realtimeInput.text");
    assertEquals(List.of("setup", "audio 1", "realtimeInput.audioStreamEnd", "audio 3",
        "realtimeInput.text"), wire(1));
  }

  // ---------------------------------------------------------------------------- inputs

  @Test
  void input_whileIdle_startsAndSendsItsPromptAsRealtimeText() throws Exception {
    start("", "");
    h.post(new Event.InputFired("input on GPIO 5", "The front door opened."));
    h.stepUntil(Conversation.State.CONNECTING);
    Received setup = server.takeMessage("setup");
    assertEquals("models/gemini-3.1-flash-live-preview", setup.body().getString("model", ""));
    assertEquals("The front door opened.", server.takeMessage("realtimeInput.text").body()
        .getString("text", ""));
    h.mic().onPreRoll(new byte[0], 0, true);
    h.stepUntil(Conversation.State.THINKING);   // the model answers the prompt unasked
  }

  @Test
  void input_whileIdle_on38_startsWithItsPromptAsACompleteUserTurn() throws Exception {
    startModel("gemini-3.8-live", "", "");
    h.post(new Event.InputFired("input on GPIO 5", "The front door opened."));
    h.stepUntil(Conversation.State.CONNECTING);
    Received setup = server.takeMessage("setup");
    assertEquals("models/gemini-3.8-live", setup.body().getString("model", ""));
    Received turn = server.takeMessage("clientContent");
    assertEquals("{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"The front door "
        + "opened.\"}]}],\"turnComplete\":true}", turn.body().toString());
    assertEquals(List.of("setup", "clientContent"), wire(1), "the prompt is the first turn");
    h.mic().onPreRoll(new byte[0], 0, true);
    h.stepUntil(Conversation.State.THINKING);
  }

  @Test
  void say_on38_whileTheModelSpeaks_isHeldUntilItsTurnEnds_andCutsNoAudio() throws Exception {
    startModel("gemini-3.8-live", "", "");
    pressToStart(false);
    modelSpeaks();
    h.control("{\"cmd\":\"say\",\"text\":\"The doorbell rang.\"}");
    h.post(new Event.InputFired("input on GPIO 5", "The front door opened."));
    h.handled();
    // The session sends in order: anything sent before the marker is on the wire.
    h.session().sendText("marker");
    h.stepUntilServerGot("realtimeInput.text");
    assertTrue(server.history().stream().noneMatch(r -> r.kind().equals("clientContent")),
        "a complete user turn now would cut the model off");
    server.send(ServerMessages.turnComplete());
    Received first = h.stepUntilServerGot("clientContent");
    assertEquals("The doorbell rang.", first.body().get("turns").asArray().get(0).asObject()
        .get("parts").asArray().get(0).asObject().getString("text", ""));
    assertEquals("The front door opened.", server.takeMessage("clientContent").body()
        .get("turns").asArray().get(0).asObject().get("parts").asArray().get(0).asObject()
        .getString("text", ""));
    assertFalse(h.playback().calls().contains("interrupt"), h.playback().calls().toString());
  }

  @Test
  void input_whileConnecting_isAnsweredOnceReady_thinkingNotListening() throws Exception {
    start("", "");
    server.holdNextSetup();
    h.talk();
    server.takeMessage("setup");
    h.post(new Event.InputFired("input on GPIO 5", "The front door opened."));
    h.handled();
    server.releaseSetup();
    h.stepUntil(Conversation.State.THINKING);
    assertEquals("The front door opened.", server.takeMessage("realtimeInput.text").body()
        .getString("text", ""));
  }

  @Test
  void input_duringAConversation_sendsItsPromptIntoThatSession() throws Exception {
    start("", "");
    pressToStart(false);
    h.post(new Event.InputFired("input on GPIO 5", "The front door opened."));
    Received text = h.stepUntilServerGot("realtimeInput.text");
    assertEquals("The front door opened.", text.body().getString("text", ""));
    assertEquals(1, text.connection());
    assertEquals(Conversation.State.THINKING, h.state());
    assertEquals(1, server.connectionCount(), "no second session");
    assertEquals(List.of("earcon WAKE"), h.playback().calls(), "no new start");
  }

  // ---------------------------------------------------------------------- idle deadline

  @Test
  void idleDeadline_speechEitherWay_movesItToLastSpeechPlusTimeout() throws Exception {
    start("", ", \"conversation\": {\"idleTimeoutSec\": 30}");
    pressToStart(false);
    long t0 = h.timers().nanoTime();
    h.timers().advanceMillis(20_000);
    h.mic().onAudio(tone(1000), 640);                // you speak at 20 s
    h.handled();
    h.timers().advanceMillis(10_000);                // 30 s: the first deadline passes
    h.stepUntil("idle timer re-armed", () -> h.timers().pending() == 1);
    assertEquals(Conversation.State.LISTENING, h.state());
    h.timers().advanceMillis(5_000);                 // the model speaks at 35 s
    modelSpeaks();
    server.send(ServerMessages.turnComplete());
    h.post(new Event.PlaybackDrained());
    h.stepUntil(Conversation.State.LISTENING);
    h.timers().advanceMillis(15_000);                // 50 s: 20 + 30 passes
    h.stepUntil("idle timer re-armed", () -> h.timers().pending() == 1);
    h.timers().advanceMillis(14_999);
    h.handled();
    assertEquals(Conversation.State.LISTENING, h.state());
    h.timers().advanceMillis(1);                     // 65 s: 35 + 30
    h.stepUntil(Conversation.State.IDLE);
    assertEquals(65_000_000_000L, h.timers().nanoTime() - t0);
    assertEquals(1, server.takeClientClose());
  }

  @Test
  void idleDeadline_micAudioBelowSpeechLevel_doesNotMoveIt() throws Exception {
    start("", ", \"conversation\": {\"idleTimeoutSec\": 30}");
    pressToStart(false);
    h.timers().advanceMillis(20_000);
    h.mic().onAudio(tone(MicRouter.SPEECH_RMS - 100), 640);  // a fan, a fridge: no speech
    h.handled();
    h.timers().advanceMillis(10_000);
    h.stepUntil(Conversation.State.IDLE);
  }

  // ------------------------------------------------------------------- held mic audio

  @Test
  void hangupBeforeSessionReady_wordsHeldWhileConnecting_areNotSentInTheNextConversation()
      throws Exception {
    start("", "");
    server.holdNextSetup();
    h.talk();
    server.takeMessage("setup");
    h.mic().onAudio(chunk(7), 640);   // said while connecting
    h.control("{\"cmd\":\"hangup\"}");
    assertEquals(Conversation.State.IDLE, h.state());
    h.talk();
    assertEquals(2, server.takeMessage("setup").connection());
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(chunk(8), 640);
    Received first = server.takeMessage("realtimeInput.audio");
    assertEquals(2, first.connection());
    assertEquals(8, first.data()[0], "the first audio of the next conversation");
  }
}
