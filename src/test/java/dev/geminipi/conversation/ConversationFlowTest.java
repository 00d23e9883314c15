package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ServerMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 3: a conversation that flows. After an answer the device goes on listening
 * (LED steady) and the user simply talks on, with no new trigger, until
 * {@code conversation.idleTimeoutSec} of silence; then the end chirp plays and the LED goes
 * back to its idle heartbeat. The README's "Using it" tells the same sequence.
 */
class ConversationFlowTest {
  private FakeLiveServer server;
  private ConversationScaffold h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void afterAnAnswer_keepsListeningUntilTheIdleTimeout_thenChirpsAndRests() throws Exception {
    server = FakeLiveServer.start();
    h = ConversationScaffold.live(server).sections(", \"conversation\": {\"idleTimeoutSec\": 10}")
        .start();
    h.listening();

    server.send(ServerMessages.audio(new byte[] {1, 0}));
    server.send(ServerMessages.turnComplete());
    h.stepUntil(Conversation.State.SPEAKING);
    h.conversation().post(new Event.PlaybackDrained());
    h.stepUntil(Conversation.State.LISTENING);

    // The user talks on: the words go to the service with no new trigger.
    h.mic().onAudio(ConversationScaffold.chunk(5), 640);
    assertEquals(5, server.takeMessage("realtimeInput.audio").data()[0]);
    h.timers().advanceMillis(9_999);
    // a status request queues behind whatever the timer posted, so its answer comes after them
    assertEquals("listening", h.control("{\"cmd\":\"status\"}").getString("state", ""));
    assertEquals(List.of("earcon WAKE"), earcons(), "no end chirp before the idle timeout");

    h.timers().advanceMillis(1);
    h.stepUntil(Conversation.State.IDLE);

    assertEquals(List.of("earcon WAKE", "earcon END"), earcons());
    assertEquals(List.of(Conversation.State.CONNECTING, Conversation.State.LISTENING,
        Conversation.State.SPEAKING, Conversation.State.LISTENING, Conversation.State.IDLE),
        changes(h.led()));
  }

  private List<String> earcons() {
    return h.playback().calls().stream().filter(c -> c.startsWith("earcon")).toList();
  }

  /** The LED's states without repeats: what a person sees change. */
  private static List<Conversation.State> changes(List<Conversation.State> shown) {
    List<Conversation.State> out = new ArrayList<>();
    for (Conversation.State s : shown) {
      if (out.isEmpty() || out.get(out.size() - 1) != s) {
        out.add(s);
      }
    }
    return out;
  }
}
