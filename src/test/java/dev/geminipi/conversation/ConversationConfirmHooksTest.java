package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.testkit.ConversationScaffold;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ServerMessages;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the confirmation gate hears from the conversation: who started it, the user's words
 * (input transcription) and the model's (output transcription), each kept apart.
 */
class ConversationConfirmHooksTest {
  private FakeLiveServer server;
  private ConversationScaffold h;

  @AfterEach
  void tearDown() {
    h.close();
  }

  private void start() throws Exception {
    server = FakeLiveServer.start();
    h = ConversationScaffold.live(server).start();
  }

  private void startAndHangUp(Event e) throws Exception {
    h.conversation().post(e);
    h.stepUntil(Conversation.State.CONNECTING);
    h.control("{\"cmd\":\"hangup\"}");
  }

  @Test
  void eachWayOfStarting_isReportedWithItsOrigin() throws Exception {
    start();
    h.control("{\"cmd\":\"say\",\"text\":\"Open the garage.\"}");
    h.control("{\"cmd\":\"hangup\"}");
    h.control("{\"cmd\":\"talk\"}");
    h.control("{\"cmd\":\"hangup\"}");
    startAndHangUp(new Event.Press("button on GPIO 17", false));
    startAndHangUp(new Event.InputFired("input on GPIO 5", "The doorbell rang."));
    startAndHangUp(new Event.WakeWord("hey jarvis", Optional.empty(), 0));
    assertEquals(List.of("started by SAY", "started by TALK", "started by BUTTON",
        "started by INPUT", "started by WAKE_WORD"), h.tools().heard());
  }

  @Test
  void transcripts_userAndModelWordsReachTheGateApart() throws Exception {
    start();
    h.listening();
    server.send(ServerMessages.outputTranscript("Shall I open it?"));
    server.send(ServerMessages.inputTranscript("Yes."));
    h.stepUntil("both transcripts handled", () -> h.tools().heard().size() == 3);
    assertEquals(List.of("started by TALK", "model: Shall I open it?", "user: Yes."),
        h.tools().heard());
  }
}
