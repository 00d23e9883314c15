package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static dev.geminipi.testkit.ConversationScaffold.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state machine stepped one event at a time (STYLE 28) against the strict fake server. */
class ConversationTest {
  private ConversationScaffold h;
  private FakeLiveServer server;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private void start(String geminiExtra) throws Exception {
    start(geminiExtra, "");
  }

  /** Every tool call is answered at once with {"on":true}, as a switch would be. */
  private void start(String geminiExtra, String sections) throws Exception {
    server = FakeLiveServer.start();
    h = ConversationScaffold.live(server).gemini(geminiExtra).sections(sections).start();
    h.tools().reporting(Json.parse("{\"set_lamp\":{\"pin\":22,\"on\":true}}").asObject())
        .answering(call -> h.port().sendToolResponse(List.of(FunctionResponse.blocking(
            call.id(), call.name(), Json.parse("{\"on\":true}").asObject()))));
  }

  private void listening() throws Exception {
    assertEquals("{\"ok\":true,\"state\":\"connecting\"}", h.control("{\"cmd\":\"talk\"}")
        .toString());
    h.mic().onPreRoll(new byte[0], 0, true);      // the microphone had nothing from before
    server.takeMessage("setup");
    h.stepUntil(Conversation.State.LISTENING);
  }

  @Test
  void talk_speechBeforeTriggerAndWhileConnecting_isSentFirst() throws Exception {
    start("");
    h.mic().onAudio(chunk(9), 640);               // idle: nowhere (the microphone keeps pre-roll)
    h.control("{\"cmd\":\"talk\"}");
    assertEquals(Conversation.State.CONNECTING, h.state());
    assertEquals(List.of(OptionalLong.empty()), h.microphone().preRolls(), "the last "
        + "preRollMs before now: a talk has no moment in the microphone's stream");
    h.mic().onAudio(chunk(9), 640);               // covered by the pre-roll: ignored (contract)
    h.mic().onPreRoll(chunk(1), 640, false);      // said before the trigger
    h.mic().onPreRoll(new byte[0], 0, true);
    h.mic().onAudio(chunk(2), 640);               // said while connecting
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(chunk(3), 640);
    for (int marker = 1; marker <= 3; marker++) {
      assertEquals(marker, server.takeMessage("realtimeInput.audio").data()[0]);
    }
    assertTrue(h.playback().calls().contains("earcon WAKE"));
  }

  @Test
  void modelAudio_speaks_thenListensWhenTurnDoneAndPlayed() throws Exception {
    start("");
    listening();
    server.send(ServerMessages.audio(new byte[] {5, 0, 6, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    assertArrayEquals(new byte[] {5, 0, 6, 0}, h.playback().played());
    server.send(ServerMessages.turnComplete());
    h.stepUntil("turn complete seen", () -> h.state() == Conversation.State.SPEAKING
        && h.playback().calls().size() >= 2);
    h.conversation().post(new Event.PlaybackDrained());
    h.stepUntil(Conversation.State.LISTENING);
  }

  @Test
  void serverInterrupted_stopsPlaybackAndListens() throws Exception {
    start("");
    listening();
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    server.send(ServerMessages.interrupted());
    h.stepUntil(Conversation.State.LISTENING);
    assertTrue(h.playback().calls().contains("interrupt"));
  }

  @Test
  void pressWhileSpeaking_serverVad_dropsTheRestOfThatTurn() throws Exception {
    start("");
    listening();
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    h.conversation().post(new Event.Press("button", false));
    h.stepUntil(Conversation.State.LISTENING);
    server.send(ServerMessages.audio(new byte[] {2, 0}));  // rest of the interrupted turn
    server.send(ServerMessages.turnComplete());
    server.send(ServerMessages.audio(new byte[] {3, 0}));  // the next turn
    h.stepUntil(Conversation.State.SPEAKING);
    assertArrayEquals(new byte[] {1, 0, 3, 0}, h.playback().played());
  }

  @Test
  void manualActivity_talkAlternatesStartAndEnd() throws Exception {
    start(", \"activityDetection\": \"manual\"");
    listening();
    server.takeMessage("realtimeInput.activityStart");
    h.control("{\"cmd\":\"talk\"}");
    server.takeMessage("realtimeInput.activityEnd");
    assertEquals(Conversation.State.THINKING, h.state());
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    h.control("{\"cmd\":\"talk\"}");                       // barge in
    server.takeMessage("realtimeInput.activityStart");
    assertEquals(Conversation.State.LISTENING, h.state());
    assertTrue(server.pollRejection().isEmpty());
  }

  @Test
  void idleTimeout_endsTheConversationAndClosesTheSession() throws Exception {
    start("");
    listening();
    h.timers().fireAll();
    h.stepUntil(Conversation.State.IDLE);
    assertEquals(1, server.takeClientClose());
    assertTrue(h.playback().calls().contains("earcon END"));
  }

  @Test
  void endConversationTool_answersThenEndsAfterTheGoodbyePlays() throws Exception {
    start("");
    listening();
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    List<String> ids = server.sendToolCall("end_conversation", "{}");
    server.send(ServerMessages.turnComplete());
    Received response = h.stepUntilServerGot("toolResponse");
    assertEquals(ids.get(0), response.body().get("functionResponses").asArray().get(0)
        .asObject().getString("id", ""));
    h.stepUntil("turn complete", () -> h.state() == Conversation.State.SPEAKING);
    h.conversation().post(new Event.PlaybackDrained());
    h.stepUntil(Conversation.State.IDLE);
  }

  @Test
  void toolCall_isRoutedAndAnsweredWithTheSameId() throws Exception {
    start("");
    listening();
    List<String> ids = server.sendToolCall("set_lamp", "{\"on\":true}");
    Received response = h.stepUntilServerGot("toolResponse");
    JsonObject r = response.body().get("functionResponses").asArray().get(0).asObject();
    assertEquals(ids.get(0), r.getString("id", ""));
    assertEquals("{\"on\":true}", r.get("response").toString());
    assertEquals("set_lamp", h.tools().calls().get(0).name());
    assertEquals(Conversation.State.THINKING, h.state());
  }

  @Test
  void fatalClose_isAnErrorStateWithTheReasonInStatus() throws Exception {
    start("");
    listening();
    server.closeConnection(1007, "Request contains an invalid argument.");
    h.stepUntil(Conversation.State.ERROR);
    JsonObject status = h.control("{\"cmd\":\"status\"}");
    assertEquals("error", status.getString("state", ""));
    assertEquals("the service rejected a message (1007: Request contains an invalid argument.); "
        + "check gemini.model and the gemini settings, or report a bug",
        status.getString("lastError", ""));
    assertTrue(h.playback().calls().contains("earcon ERROR"));
    h.control("{\"cmd\":\"talk\"}");                        // the next conversation works
    h.stepUntil(Conversation.State.LISTENING);
  }

  @Test
  void say_whileIdle_startsAndSendsTheTextAsAUserTurn() throws Exception {
    start("");
    assertEquals("{\"ok\":true,\"state\":\"connecting\"}",
        h.control("{\"cmd\":\"say\",\"text\":\"lights on\"}").toString());
    assertEquals("lights on", userText(server.takeMessage("clientContent")));
    assertEquals("{\"ok\":false,\"error\":\"say needs a non-empty \\\"text\\\"\"}",
        h.control("{\"cmd\":\"say\"}").toString());
    assertEquals("{\"ok\":false,\"error\":\"unknown cmd \\\"dance\\\"; use talk, say, hangup or "
        + "status\"}", h.control("{\"cmd\":\"dance\"}").toString());
  }

  @Test
  void status_reportsStateConnectionAndOutputs() throws Exception {
    start("");
    listening();
    JsonObject s = h.control("{\"cmd\":\"status\"}");
    assertEquals("listening", s.getString("state", ""));
    assertTrue(s.getBoolean("connected", false));
    assertEquals("", s.getString("lastError", "x"));
    assertEquals("{\"set_lamp\":{\"pin\":22,\"on\":true}}", s.get("outputs").toString());
    assertTrue(s.get("uptimeSec").isNumber());
  }

  @Test
  void goAway_midConversation_resumesAndLosesNoMicAudio() throws Exception {
    start("");
    listening();
    String handle = server.sendResumptionUpdate();
    h.stepUntil("handle stored", () -> h.session().handle().equals(handle));
    server.holdNextSetup();
    server.goAway(Duration.ofSeconds(5));
    Received setup = server.takeMessage("setup");
    assertEquals(2, setup.connection());
    assertEquals(handle, setup.body().get("sessionResumption").asObject().getString("handle",
        ""));
    assertFalse(h.session().isReady());
    h.mic().onAudio(chunk(7), 640);                          // said during the switch
    server.releaseSetup();
    h.stepUntil("resumed", h.session()::isReady);
    h.mic().onAudio(chunk(8), 640);
    Received first = server.takeMessage("realtimeInput.audio");
    assertEquals(2, first.connection());
    assertEquals(7, first.data()[0]);
    assertEquals(8, server.takeMessage("realtimeInput.audio").data()[0]);
    assertEquals(Conversation.State.LISTENING, h.state());
    assertFalse(server.pollRejection().isPresent());
  }

  @Test
  void wakeWord_whileIdle_startsAndSendsItsPrompt_whileSpeaking_interrupts() throws Exception {
    start("");
    h.conversation().post(new Event.WakeWord("hey_jarvis", Optional.of("What's new?"), 48_000));
    h.stepUntil(Conversation.State.CONNECTING);
    assertEquals(List.of(OptionalLong.of(48_000)), h.microphone().preRolls(),
        "the pre-roll reaches back from where the word was heard");
    assertEquals("What's new?", userText(server.takeMessage("clientContent")));
    h.mic().onPreRoll(new byte[0], 0, true);
    h.stepUntil(Conversation.State.THINKING);
    server.send(ServerMessages.audio(new byte[] {1, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    h.conversation().post(new Event.WakeWord("hey_jarvis", Optional.empty(), 96_000));
    h.stepUntil(Conversation.State.LISTENING);
    assertTrue(h.playback().calls().contains("interrupt"));
  }

  @Test
  void wakeWordThenTalk_onlyTheWakeWordsConversationReachesBackFromTheWord() throws Exception {
    start("");
    h.conversation().post(new Event.WakeWord("hey_jarvis", Optional.empty(), 32_000));
    h.stepUntil(Conversation.State.CONNECTING);
    h.control("{\"cmd\":\"hangup\"}");
    h.control("{\"cmd\":\"talk\"}");
    assertEquals(List.of(OptionalLong.of(32_000), OptionalLong.empty()),
        h.microphone().preRolls());
  }

  @Test
  void keepWarm_pressIsAnsweredWithoutConnecting_andTheNextSessionIsFresh() throws Exception {
    start(", \"sessionResumption\": true", ", \"conversation\": {\"keepWarm\": true}");
    h.conversation().begin();
    assertEquals(1, server.takeMessage("setup").connection());
    h.stepUntil("warm", h.session()::isReady);
    h.control("{\"cmd\":\"talk\"}");
    assertEquals(Conversation.State.LISTENING, h.state());
    h.control("{\"cmd\":\"hangup\"}");
    Received next = server.takeMessage("setup");
    assertEquals(2, next.connection());
    assertFalse(next.body().get("sessionResumption").asObject().names().contains("handle"));
  }

  @Test
  void resume_aNewConversationContinuesTheLastSession() throws Exception {
    start("", ", \"conversation\": {\"resume\": true}");
    listening();
    String handle = server.sendResumptionUpdate();
    h.stepUntil("handle stored", () -> h.session().handle().equals(handle));
    h.control("{\"cmd\":\"hangup\"}");
    h.control("{\"cmd\":\"talk\"}");
    Received again = server.takeMessage("setup");
    assertEquals(handle, again.body().get("sessionResumption").asObject().getString("handle",
        ""));
  }

  @Test
  void micPaused_serverVad_sendsAudioStreamEnd() throws Exception {
    start("");
    listening();
    h.conversation().post(new Event.MicPaused(true));
    h.stepUntilServerGot("realtimeInput.audioStreamEnd");
    assertTrue(server.pollRejection().isEmpty());
  }

  @Test
  void micPaused_manualActivity_sendsNothing() throws Exception {
    start(", \"activityDetection\": \"manual\"");
    listening();
    server.takeMessage("realtimeInput.activityStart");
    h.conversation().post(new Event.MicPaused(true));
    h.control("{\"cmd\":\"status\"}");                 // the pause has been handled
    h.session().sendText("marker");
    assertEquals("realtimeInput.text", server.takeMessage().kind());
  }

  /** The text of a clientContent user turn, checked to be complete and the user's. */
  private static String userText(Received r) {
    assertEquals(true, r.body().getBoolean("turnComplete", false));
    JsonObject turn = r.body().get("turns").asArray().get(0).asObject();
    assertEquals("user", turn.getString("role", ""));
    return turn.get("parts").asArray().get(0).asObject().getString("text", "");
  }

  /** One conversation in which both sides say something, ended by hangup; its log lines. */
  private List<String> transcriptLines(String sections) throws Exception {
    try (dev.geminipi.testkit.LogCapture logs = dev.geminipi.testkit.LogCapture.open()) {
      start("", sections);
      listening();
      server.send(ServerMessages.inputTranscript("my door code is 4711"));
      server.send(ServerMessages.outputTranscript("Noted."));
      server.send(ServerMessages.audio(new byte[] {5, 0}));
      h.stepUntil(Conversation.State.SPEAKING);           // the transcripts came before it
      h.control("{\"cmd\":\"hangup\"}");
      return logs.lines().stream().filter(l -> l.contains("[dev.geminipi.conversation."
          + "Conversation]")).toList();
    }
  }

  @Test
  void transcripts_byDefault_neverReachTheLog() throws Exception {
    List<String> lines = transcriptLines("");
    assertTrue(lines.stream().anyMatch(l -> l.contains("-> idle (hangup)")), lines.toString());
    assertFalse(lines.stream().anyMatch(l -> l.contains("4711") || l.contains("Noted")),
        lines.toString());
  }

  @Test
  void transcripts_withLogTranscripts_areLoggedWhenTheConversationEnds() throws Exception {
    List<String> lines = transcriptLines(", \"log\": {\"transcripts\": true}");
    assertTrue(lines.contains("INFO [dev.geminipi.conversation.Conversation] you: my door code "
        + "is 4711"), lines.toString());
    assertTrue(lines.contains("INFO [dev.geminipi.conversation.Conversation] gemini: Noted."),
        lines.toString());
  }
}
