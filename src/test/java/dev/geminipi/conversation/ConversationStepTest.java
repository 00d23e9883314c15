package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.conversation.Conversation.State;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.RecordingSession;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine with no socket: the session is a recorder, server events are posted as
 * the session would post them, and each step handles everything queued at once, so any order
 * of events can be written down exactly, without waiting (STYLE 28).
 */
class ConversationStepTest {
  private ConversationScaffold h;
  private RecordingSession session;

  @BeforeEach
  void start() throws Exception {
    h = ConversationScaffold.socketFree().start();
    session = h.recording();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private static ServerEvent.ToolCall call(String id, String name) {
    return new ServerEvent.ToolCall(List.of(new ServerEvent.FunctionCall(id, name,
        new JsonObject())));
  }

  private static ServerEvent.TurnComplete turnComplete() {
    return new ServerEvent.TurnComplete(Optional.empty());
  }

  private static ServerEvent.Audio audio(int marker) {
    return new ServerEvent.Audio(new byte[] {(byte) marker, 0}, 24_000);
  }

  @Test
  void toolCallAndTurnCompleteInOneFrame_thinksThenListens_andCutsNothing() throws Exception {
    h.listening();
    h.fromServer(call("c1", "set_lamp"), turnComplete());
    assertEquals("c1", h.tools().calls().get(0).id());
    assertEquals(State.LISTENING, h.state());
    assertEquals(List.of(State.CONNECTING, State.LISTENING, State.THINKING, State.LISTENING),
        h.led());
    assertEquals(List.of("earcon WAKE"), h.playback().calls(), "nothing played was cut");
    assertEquals(List.of("open"), session.calls(), "the router answers, not the conversation");
  }

  @Test
  void interruptedWhileABlockingCallIsPending_theToolsAreToldOnce_thenBackToListening()
      throws Exception {
    h.listening();
    h.fromServer(call("look1", "look"));
    assertEquals(State.THINKING, h.state());
    h.fromServer(new ServerEvent.Interrupted());
    assertEquals(1, h.tools().interruptions());
    assertEquals(List.of("open"), session.calls(), "no answer goes out for the dropped call");
    h.timers().advanceMillis(Conversation.THINKING_WAIT_MS);
    h.stepAll();
    assertEquals(State.LISTENING, h.state());
  }

  @Test
  void interruptedWhileSpeakingWithACallPending_stopsPlaybackAndListens() throws Exception {
    h.listening();
    h.fromServer(audio(1), call("c1", "read_sensor"));
    assertEquals(State.SPEAKING, h.state());
    h.fromServer(new ServerEvent.Interrupted());
    assertEquals(State.LISTENING, h.state());
    assertEquals(List.of("earcon WAKE", "play 2", "interrupt"), h.playback().calls());
    assertEquals(1, h.tools().interruptions());
  }

  @Test
  void endTool_answeredAtOnce_endsOnlyAfterTheGoodbyeHasPlayed() throws Exception {
    h.listening();
    h.fromServer(audio(1), call("e1", "end_conversation"), turnComplete());
    assertEquals(List.of("open", "toolResponse e1"), session.calls());
    assertEquals(State.SPEAKING, h.state());
    h.step(new Event.PlaybackDrained());
    assertEquals(State.IDLE, h.state());
    assertEquals(List.of("open", "toolResponse e1", "close"), session.calls());
    assertEquals("earcon END", h.playback().calls().get(h.playback().calls().size() - 1));
  }

  @Test
  void pushToTalkLetGoBeforeReady_heldWordsThenTheStreamEnd_inThatOrder() throws Exception {
    h.step(new Event.Press("button", true));
    h.mic().onPreRoll(new byte[0], 0, true);
    h.mic().onAudio(ConversationScaffold.chunk(1), 640);   // said while connecting
    h.step(new Event.Release("button", true));
    assertEquals(State.CONNECTING, h.state());
    h.setupComplete(false);
    assertEquals(State.THINKING, h.state());
    assertEquals(MicRouter.Route.PAUSED, h.mic().route());
    h.mic().onAudio(ConversationScaffold.chunk(2), 640);   // after the release: not sent
    assertEquals(List.of("open", "audio 1", "audioStreamEnd"), session.calls());
  }

  @Test
  void userCutsInAfterTheModelsTurnIsComplete_theNextTurnIsHeard() throws Exception {
    h.listening();
    h.fromServer(audio(1), turnComplete());
    h.step(new Event.Press("button", false));                // while it still plays
    assertEquals(State.LISTENING, h.state());
    h.fromServer(audio(3));                                 // the answer to what was said next
    assertEquals(State.SPEAKING, h.state());
    assertArrayEquals(new byte[] {1, 0, 3, 0}, h.playback().played());
  }

  @Test
  void userCutsInWhileTheModelsTurnRuns_theRestOfThatTurnIsDropped() throws Exception {
    h.listening();
    h.fromServer(audio(1));
    h.step(new Event.Press("button", false));
    h.fromServer(audio(2), turnComplete(), audio(3));
    assertArrayEquals(new byte[] {1, 0, 3, 0}, h.playback().played());
  }

  @Test
  void pushToTalkPressedWhileOfflineAfterAPushToTalkTurn_itsWordsGoOutOnceResumed()
      throws Exception {
    h.step(new Event.Press("button", true));
    h.mic().onPreRoll(new byte[0], 0, true);
    h.setupComplete(false);
    h.mic().onAudio(ConversationScaffold.chunk(1), 640);
    h.step(new Event.Release("button", true));
    session.ready(false);
    h.fromServer(new ServerEvent.Closed(1011, "Internal error occurred.",
        "service error (1011: Internal error occurred.); reconnecting", true));
    assertEquals(State.OFFLINE, h.state());
    h.step(new Event.Press("button", true));                // held again while offline
    h.mic().onAudio(ConversationScaffold.chunk(7), 640);
    h.setupComplete(true);
    h.mic().onAudio(ConversationScaffold.chunk(8), 640);
    assertEquals(List.of("open", "audio 1", "audioStreamEnd", "audio 7", "audio 8"),
        session.calls());
    assertEquals(State.LISTENING, h.state());
  }
}
