package dev.geminipi.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.ServerMessages;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the confirmation gate hears from the conversation: who started it, the user's words
 * (input transcription) and the model's (output transcription), each kept apart.
 */
class ConversationConfirmHooksTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final Ports.Actuators tools = new Ports.Actuators() {
    @Override
    public void call(List<ServerEvent.FunctionCall> calls) {
    }

    @Override
    public void cancel(List<String> ids) {
    }

    @Override
    public void interrupted() {
    }

    @Override
    public void rest() {
    }

    @Override
    public JsonObject status() {
      return new JsonObject();
    }

    @Override
    public void conversationStarted(Ports.Origin origin) {
      heard.add("started by " + origin);
    }

    @Override
    public void userSaid(String text) {
      heard.add("user: " + text);
    }

    @Override
    public void modelSaid(String text) {
      heard.add("model: " + text);
    }
  };
  private FakeLiveServer server;
  private ConversationHarness h;

  @AfterEach
  void tearDown() {
    h.close();
    server.close();
  }

  private void start() throws Exception {
    server = FakeLiveServer.start();
    h = new ConversationHarness("{\"gemini\": {\"endpoint\": \"" + server.endpoint()
        + "\", \"setupTimeoutMs\": 2000}}", tools, Ports.Indicator.NONE, new Random(1));
  }

  private void startAndHangUp(Event e) throws Exception {
    h.conversation.post(e);
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
    startAndHangUp(new Event.WakeWord("hey jarvis", Optional.empty()));
    assertEquals(List.of("started by SAY", "started by TALK", "started by BUTTON",
        "started by INPUT", "started by WAKE_WORD"), heard);
  }

  @Test
  void transcripts_userAndModelWordsReachTheGateApart() throws Exception {
    start();
    h.talk();
    server.takeMessage("setup");
    h.stepUntil(Conversation.State.LISTENING);
    server.send(ServerMessages.outputTranscript("Shall I open it?"));
    server.send(ServerMessages.inputTranscript("Yes."));
    h.stepUntil("both transcripts handled", () -> heard.size() == 3);
    assertEquals(List.of("started by TALK", "model: Shall I open it?", "user: Yes."), heard);
  }
}
