package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.ServerMessages;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orders of events 3.8 produces around function calls, stepped through the state machine
 * against the strict fake on 3.8: no order cuts audio already queued, and none leaves the
 * device stuck in "thinking".
 */
class ConversationAsyncToolsTest {
  private FakeLiveServer server;
  private ConversationScaffold h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close(); // and the strict server checks it refused nothing
    }
  }

  private void start() throws Exception {
    server = FakeLiveServer.start();
    h = ConversationScaffold.live(server).start();
    h.listening();
  }

  /** The router's answer to a non-blocking switch, as it would send it. */
  private void answer(String id) {
    h.session().sendToolResponse(List.of(new FunctionResponse(id, "set_lamp",
        Outcome.ok("set_lamp is on now").set("on", true),
        Optional.of(ToolConfig.Scheduling.WHEN_IDLE))));
  }

  private String callNow() throws Exception {
    String id = server.sendToolCall("set_lamp", "{\"on\":true}").get(0);
    h.stepUntil("the call reached the tools", () -> !h.tools().calls().isEmpty());
    return id;
  }

  @Test
  void toolCallThenTurnCompleteAtOnce_backToListening_answerGoesLater_nothingCut()
      throws Exception {
    start();
    String id = server.sendToolCall("set_lamp", "{\"on\":true}").get(0);
    server.send(ServerMessages.turnComplete());
    h.stepUntil("the call reached the tools", () -> !h.tools().calls().isEmpty());
    h.stepUntil(Conversation.State.LISTENING);
    answer(id);
    Received r = server.takeMessage("toolResponse");
    JsonObject sent = r.body().get("functionResponses").asArray().get(0).asObject();
    assertEquals(id, sent.getString("id", ""));
    assertEquals("WHEN_IDLE", sent.getString("scheduling", ""));
    assertFalse(h.playback().calls().contains("interrupt"), h.playback().calls().toString());
    assertEquals(0, h.tools().interruptions());
  }

  @Test
  void modelSpeaksWhileACallRuns_theAnswerCutsNoQueuedAudio() throws Exception {
    start();
    server.send(ServerMessages.audio(new byte[] {1, 0, 2, 0}));
    h.stepUntil(Conversation.State.SPEAKING);
    String id = callNow();
    server.send(ServerMessages.audio(new byte[] {3, 0}));
    h.stepUntil("both chunks queued", () -> h.playback().calls().stream()
        .filter(c -> c.startsWith("play")).count() == 2);
    answer(id);
    server.takeMessage("toolResponse");
    assertEquals(Conversation.State.SPEAKING, h.conversation().state());
    assertEquals(List.of("earcon WAKE", "play 4", "play 2"), h.playback().calls(),
        "nothing queued was cut");
    server.send(ServerMessages.turnComplete());
    h.conversation().post(new Event.PlaybackDrained());
    h.stepUntil(Conversation.State.LISTENING);
  }

  @Test
  void ourAnswerWhileTheUserSpeaks_isSentAtOnce_andTheMicKeepsStreaming() throws Exception {
    start();
    String id = callNow();
    server.send(ServerMessages.turnComplete());
    h.stepUntil(Conversation.State.LISTENING);
    h.mic().onAudio(ConversationScaffold.chunk(5), 640);  // the user is talking
    answer(id);
    h.mic().onAudio(ConversationScaffold.chunk(6), 640);
    assertEquals(5, server.takeMessage("realtimeInput.audio").data()[0]);
    assertEquals(id, server.takeMessage("toolResponse").body().get("functionResponses")
        .asArray().get(0).asObject().getString("id", ""));
    assertEquals(6, server.takeMessage("realtimeInput.audio").data()[0], "the mic streams on");
    assertEquals(Conversation.State.LISTENING, h.conversation().state());
    assertFalse(h.playback().calls().contains("interrupt"), h.playback().calls().toString());
  }

  @Test
  void interruptedWhileACallIsPending_tellsTheToolsSoBlockingCallsAreDropped() throws Exception {
    start();
    callNow();
    server.send(ServerMessages.interrupted());
    h.stepUntil("the tools heard of it", () -> h.tools().interruptions() == 1);
  }

  @Test
  void modelStaysSilent_thinkingEndsAfterTheBoundedWait() throws Exception {
    start();
    callNow();   // listening -> thinking: a call and no words
    assertEquals(Conversation.State.THINKING, h.conversation().state());
    h.timers().advanceMillis(Conversation.THINKING_WAIT_MS - 1);
    h.control("{\"cmd\":\"status\"}");
    assertEquals(Conversation.State.THINKING, h.conversation().state());
    h.timers().advanceMillis(1);
    h.stepUntil(Conversation.State.LISTENING);
  }

  @Test
  void thinkingTimer_fromAnEarlierThinking_doesNotEndALaterOne() throws Exception {
    start();
    callNow();
    server.send(ServerMessages.turnComplete());
    h.stepUntil(Conversation.State.LISTENING);
    h.timers().advanceMillis(4000);
    h.tools().calls().clear();
    callNow();   // thinking again, 4 s into the first wait
    h.timers().advanceMillis(Conversation.THINKING_WAIT_MS - 4000);
    h.control("{\"cmd\":\"status\"}");
    assertEquals(Conversation.State.THINKING, h.conversation().state(), "the old timer is stale");
    h.timers().advanceMillis(4000);
    h.stepUntil(Conversation.State.LISTENING);
  }
}
