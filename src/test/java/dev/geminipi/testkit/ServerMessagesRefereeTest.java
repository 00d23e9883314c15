package dev.geminipi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import com.google.genai.types.LiveConnectConfig;
import com.google.genai.types.LiveServerContent;
import com.google.genai.types.LiveServerGoAway;
import com.google.genai.types.LiveServerSessionResumptionUpdate;
import com.google.genai.types.LiveServerToolCallCancellation;
import com.google.genai.types.Modality;
import com.google.genai.types.Transcription;
import com.google.genai.types.UsageMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fake's server messages as the official SDK reads them (DESIGN.md "How we test"). */
class ServerMessagesRefereeTest {
  private FakeLiveServer server;
  private SdkReferee sdk;

  @AfterEach
  void tearDown() {
    if (sdk != null) {
      sdk.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> serverMessages() {
    byte[] pcm = new byte[960];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i * 7 + 1);
    }
    return Stream.of(
        Arguments.of("setupComplete", ServerMessages.setupComplete()),
        Arguments.of("audio", ServerMessages.audio(pcm)),
        Arguments.of("text", ServerMessages.text("Hello")),
        Arguments.of("inputTranscript", ServerMessages.inputTranscript("lamp on")),
        Arguments.of("outputTranscript", ServerMessages.outputTranscript("Done.")),
        Arguments.of("interrupted", ServerMessages.interrupted()),
        Arguments.of("generationComplete", ServerMessages.generationComplete()),
        Arguments.of("turnComplete with usage", ServerMessages.turnComplete()),
        Arguments.of("toolCall", ServerMessages.toolCall("function-call-1", "set_fan",
            "{\"mode\": \"auto\", \"speed\": 0.5}", "function-call-2", "read_door", "{}")),
        Arguments.of("toolCallCancellation", ServerMessages.toolCallCancellation(
            List.of("function-call-1", "function-call-2"))),
        Arguments.of("goAway, whole seconds", ServerMessages.goAway(Duration.ofSeconds(50))),
        Arguments.of("goAway, fraction", ServerMessages.goAway(Duration.ofMillis(1500))),
        Arguments.of("resumption update", ServerMessages.resumptionUpdate("handle-9", true)),
        Arguments.of("non-resumable update", ServerMessages.resumptionUpdate("", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverMessages")
  void serverMessage_asTheFakeWritesIt_sdkKeepsEveryField(String kind, JsonObject message) {
    assertEquals(Optional.empty(),
        SdkMessageCheck.serverProblem(ServerMessages.pretty(message)), kind);
  }

  @Test
  void sdkSession_everyKindOfServerEvent_isDecoded() {
    server = FakeLiveServer.start(FakeLiveServer.Policy.NO_RESUMPTION_UPDATES);
    sdk = SdkReferee.connect(server, "gemini-3.1-flash-live-preview",
        LiveConnectConfig.builder().responseModalities(Modality.Known.AUDIO).build());
    server.takeMessage("setup");
    server.send(ServerMessages.inputTranscript("turn on the lamp"));
    assertEquals("turn on the lamp", sdk.await("an input transcript", m -> m.serverContent()
        .flatMap(LiveServerContent::inputTranscription).flatMap(Transcription::text)));
    server.send(ServerMessages.outputTranscript("Done."));
    assertEquals("Done.", sdk.await("an output transcript", m -> m.serverContent()
        .flatMap(LiveServerContent::outputTranscription).flatMap(Transcription::text)));
    server.send(ServerMessages.interrupted());
    assertEquals(true, sdk.await("interrupted", m -> m.serverContent()
        .flatMap(LiveServerContent::interrupted)));
    server.send(ServerMessages.generationComplete());
    assertEquals(true, sdk.await("generationComplete", m -> m.serverContent()
        .flatMap(LiveServerContent::generationComplete)));
    server.send(ServerMessages.turnComplete());
    assertEquals(Integer.valueOf(553), sdk.await("usage beside turnComplete", m -> m
        .usageMetadata().flatMap(UsageMetadata::totalTokenCount)));
    server.send(ServerMessages.toolCallCancellation(List.of("function-call-3")));
    assertEquals(List.of("function-call-3"), sdk.await("a cancellation", m -> m
        .toolCallCancellation().flatMap(LiveServerToolCallCancellation::ids)));
    // Sent directly: server.goAway would also schedule the 1011 close.
    server.send(ServerMessages.goAway(Duration.ofMillis(1500)));
    assertEquals(Duration.ofMillis(1500), sdk.await("goAway", m -> m.goAway()
        .flatMap(LiveServerGoAway::timeLeft)));
    server.send(ServerMessages.resumptionUpdate("", false));
    assertEquals(false, sdk.await("a non-resumable update", m -> m.sessionResumptionUpdate()
        .flatMap(LiveServerSessionResumptionUpdate::resumable)));

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }
}
