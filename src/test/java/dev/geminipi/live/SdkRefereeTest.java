package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import com.google.genai.types.ActivityEnd;
import com.google.genai.types.ActivityHandling;
import com.google.genai.types.ActivityStart;
import com.google.genai.types.AudioTranscriptionConfig;
import com.google.genai.types.AutomaticActivityDetection;
import com.google.genai.types.Behavior;
import com.google.genai.types.Blob;
import com.google.genai.types.Content;
import com.google.genai.types.ContextWindowCompressionConfig;
import com.google.genai.types.EndSensitivity;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.FunctionResponseScheduling;
import com.google.genai.types.GoogleSearch;
import com.google.genai.types.LiveConnectConfig;
import com.google.genai.types.LiveSendClientContentParameters;
import com.google.genai.types.LiveSendRealtimeInputParameters;
import com.google.genai.types.LiveSendToolResponseParameters;
import com.google.genai.types.LiveServerContent;
import com.google.genai.types.LiveServerSessionResumptionUpdate;
import com.google.genai.types.LiveServerToolCall;
import com.google.genai.types.MediaResolution;
import com.google.genai.types.Modality;
import com.google.genai.types.Part;
import com.google.genai.types.PrebuiltVoiceConfig;
import com.google.genai.types.ProactivityConfig;
import com.google.genai.types.RealtimeInputConfig;
import com.google.genai.types.Schema;
import com.google.genai.types.SessionResumptionConfig;
import com.google.genai.types.SlidingWindow;
import com.google.genai.types.SpeechConfig;
import com.google.genai.types.StartSensitivity;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import com.google.genai.types.TurnCoverage;
import com.google.genai.types.Type;
import com.google.genai.types.VoiceConfig;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.SdkReferee;
import dev.geminipi.testkit.ServerMessages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The referee (DESIGN.md "How we test"): the official SDK holds sessions with FakeLiveServer
 * and the fake refuses nothing it sends, so the fake speaks the real protocol. The fake's
 * server messages are refereed in ServerMessagesRefereeTest, our client's in
 * ClientMessagesRefereeTest.
 */
class SdkRefereeTest {
  static final String MODEL_3 = "gemini-3.1-flash-live-preview";
  static final String MODEL_38 = "gemini-3.8-live";
  private static final String MODEL_25 = "gemini-2.5-flash-native-audio-preview-12-2025";

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

  @Test
  void sdkSession_audioAndToolCall_flowBothWaysAndNothingIsRefused() {
    open(MODEL_3, config(false));
    FakeLiveServer.Handshake h = server.takeHandshake();
    assertEquals(Credential.ApiKey.PATH, h.path());
    assertEquals(FakeLiveServer.API_KEY, h.headers().get("x-goog-api-key"));
    JsonObject setup = server.takeMessage("setup").body();
    assertEquals("models/" + MODEL_3, setup.getString("model", ""));
    JsonObject generation = setup.get("generationConfig").asObject();
    assertEquals("[\"AUDIO\"]", generation.get("responseModalities").toString());
    assertEquals("Kore", generation.get("speechConfig").asObject().get("voiceConfig").asObject()
        .get("prebuiltVoiceConfig").asObject().getString("voiceName", ""));
    JsonObject declaration = setup.get("tools").asArray().get(0).asObject()
        .get("functionDeclarations").asArray().get(0).asObject();
    assertEquals("set_lamp", declaration.getString("name", ""));
    assertEquals("OBJECT", declaration.get("parameters").asObject().getString("type", ""));
    assertEquals("{}", setup.get("inputAudioTranscription").toString());
    assertEquals("{}", setup.get("outputAudioTranscription").toString());
    assertEquals("{}", setup.get("sessionResumption").toString());
    assertEquals("{\"slidingWindow\":{}}", setup.get("contextWindowCompression").toString());

    String handle = server.sendResumptionUpdate();
    assertEquals(handle, sdk.await("a resumption handle", m -> m.sessionResumptionUpdate()
        .flatMap(LiveServerSessionResumptionUpdate::newHandle)));

    byte[] mic = pattern(640, 3);
    sdk.send(LiveSendRealtimeInputParameters.builder()
        .audio(Blob.builder().mimeType(ClientMessages.AUDIO_MIME).data(mic)).build());
    Received audioIn = server.takeMessage("realtimeInput.audio");
    // The SDK writes the snake_case key (docs/protocol.md §3.3); the fake takes both spellings.
    assertTrue(audioIn.raw().startsWith("{\"realtime_input\""), audioIn.raw());
    assertArrayEquals(mic, audioIn.data());

    byte[] speech = pattern(960, 7);
    server.send(ServerMessages.audio(speech));
    assertArrayEquals(speech, sdk.await("model audio", m -> m.serverContent()
        .flatMap(LiveServerContent::modelTurn).flatMap(Content::parts)
        .flatMap(parts -> parts.get(0).inlineData()).flatMap(Blob::data)));

    String id = server.sendToolCall("set_lamp", "{\"on\": true}").get(0);
    FunctionCall call = sdk.await("a tool call", m -> m.toolCall()
        .flatMap(LiveServerToolCall::functionCalls).map(calls -> calls.get(0)));
    assertEquals(Optional.of(id), call.id());
    assertEquals(Optional.of("set_lamp"), call.name());
    assertEquals(Optional.of(Map.<String, Object>of("on", true)), call.args());

    sdk.send(LiveSendToolResponseParameters.builder().functionResponses(
        FunctionResponse.builder().id(id).name("set_lamp").response(Map.of("result", "ok")))
        .build());
    JsonObject answer = server.takeMessage("toolResponse").body().get("functionResponses")
        .asArray().get(0).asObject();
    assertEquals(id, answer.getString("id", ""));
    assertEquals("{\"result\":\"ok\"}", answer.get("response").toString());

    server.send(ServerMessages.turnComplete());
    assertEquals(true, sdk.await("turnComplete", m -> m.serverContent()
        .flatMap(LiveServerContent::turnComplete)));

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  /**
   * A whole 3.8-style session as SDK 2.3.0 holds it: the setup 3.8 takes (behaviors, explicit
   * turnCoverage, no thinkingConfig/proactivity/affective dialog), a non-blocking call whose
   * turn ends at once, its answer with a scheduling, and a user turn by clientContent
   * mid-session.
   */
  @Test
  void sdkSession_gemini38_nonBlockingCallSchedulingAndClientContent_areNotRefused() {
    LiveConnectConfig config = config(false).toBuilder()
        .tools(Tool.builder().functionDeclarations(List.of(FunctionDeclaration.builder()
            .name("set_lamp").description("Switch the desk lamp")
            .behavior(Behavior.Known.NON_BLOCKING)
            .parameters(Schema.builder().type(Type.Known.OBJECT)
                .properties(Map.of("on", Schema.builder().type(Type.Known.BOOLEAN).build()))
                .required("on"))
            .build())).build())
        .realtimeInputConfig(RealtimeInputConfig.builder()
            .automaticActivityDetection(AutomaticActivityDetection.builder()
                .startOfSpeechSensitivity(StartSensitivity.Known.START_SENSITIVITY_LOW)
                .silenceDurationMs(700))
            .turnCoverage(TurnCoverage.Known.TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO))
        .build();
    open(MODEL_38, config);
    JsonObject setup = server.takeMessage("setup").body();
    assertEquals("models/" + MODEL_38, setup.getString("model", ""));
    assertEquals("NON_BLOCKING", setup.get("tools").asArray().get(0).asObject()
        .get("functionDeclarations").asArray().get(0).asObject().getString("behavior", ""));
    assertEquals("TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO", setup.get("realtimeInputConfig")
        .asObject().getString("turnCoverage", ""));

    String id = server.sendToolCall("set_lamp", "{\"on\": true}").get(0);
    server.send(ServerMessages.turnComplete()); // 3.8: the turn ends right after toolCall
    FunctionCall call = sdk.await("a tool call", m -> m.toolCall()
        .flatMap(LiveServerToolCall::functionCalls).map(calls -> calls.get(0)));
    assertEquals(Optional.of(id), call.id());
    assertEquals(true, sdk.await("turnComplete", m -> m.serverContent()
        .flatMap(LiveServerContent::turnComplete)));

    sdk.send(LiveSendToolResponseParameters.builder().functionResponses(
        FunctionResponse.builder().id(id).name("set_lamp")
            .response(Map.of("status", "ok", "retryable", false, "on", true))
            .scheduling(FunctionResponseScheduling.Known.WHEN_IDLE))
        .build());
    JsonObject answer = server.takeMessage("toolResponse").body().get("functionResponses")
        .asArray().get(0).asObject();
    assertEquals(id, answer.getString("id", ""));
    assertEquals("WHEN_IDLE", answer.getString("scheduling", ""));
    // The same answer as our client writes it is taken too (ClientMessagesRefereeTest).

    sdk.send(LiveSendClientContentParameters.builder()
        .turns(Content.builder().role("user").parts(Part.fromText("The doorbell rang.")))
        .turnComplete(true).build());
    JsonObject content = server.takeMessage("clientContent").body();
    assertEquals(true, content.getBoolean("turnComplete", false));
    assertEquals("user", content.get("turns").asArray().get(0).asObject().getString("role", ""));

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @Test
  void sdkSession_videoTextAndAudioStreamEnd_areNotRefused() {
    open(MODEL_3, config(false));
    server.takeMessage("setup");
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    sdk.send(LiveSendRealtimeInputParameters.builder()
        .video(Blob.builder().mimeType("image/jpeg").data(jpeg)).build());
    assertArrayEquals(jpeg, server.takeMessage("realtimeInput.video").data());
    sdk.send(LiveSendRealtimeInputParameters.builder().text("turn on the lamp").build());
    assertEquals("turn on the lamp",
        server.takeMessage("realtimeInput.text").body().getString("text", ""));
    sdk.send(LiveSendRealtimeInputParameters.builder().audioStreamEnd(true).build());
    assertEquals("true",
        server.takeMessage("realtimeInput.audioStreamEnd").body().get("audioStreamEnd").toString());

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @Test
  void sdkSession_manualActivityDetection_activitySignalsAreNotRefused() {
    open(MODEL_3, config(true));
    JsonObject setup = server.takeMessage("setup").body();
    assertEquals("{\"automaticActivityDetection\":{\"disabled\":true}}",
        setup.get("realtimeInputConfig").toString());
    sdk.send(LiveSendRealtimeInputParameters.builder().activityStart(ActivityStart.builder())
        .build());
    server.takeMessage("realtimeInput.activityStart");
    byte[] mic = pattern(320, 5);
    sdk.send(LiveSendRealtimeInputParameters.builder()
        .audio(Blob.builder().mimeType(ClientMessages.AUDIO_MIME).data(mic)).build());
    assertArrayEquals(mic, server.takeMessage("realtimeInput.audio").data());
    sdk.send(LiveSendRealtimeInputParameters.builder().activityEnd(ActivityEnd.builder()).build());
    server.takeMessage("realtimeInput.activityEnd");

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @Test
  void sdkSession_deprecatedMediaOnGemini25_arrivesAsMediaChunks() {
    open(MODEL_25, config(false));
    server.takeMessage("setup");
    byte[] mic = pattern(320, 9);
    sdk.send(LiveSendRealtimeInputParameters.builder()
        .media(Blob.builder().mimeType(ClientMessages.AUDIO_MIME).data(mic)).build());
    Received media = server.takeMessage("realtimeInput.mediaChunks");
    assertEquals(1, media.body().get("mediaChunks").asArray().size());

    assertEquals(1, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  @Test
  void sdkSession_resumedWithEveryCommonSetupField_isNotRefused() {
    open(MODEL_25, config(false));
    server.takeMessage("setup");
    String handle = server.sendResumptionUpdate();
    assertEquals(handle, sdk.await("a resumption handle", m -> m.sessionResumptionUpdate()
        .flatMap(LiveServerSessionResumptionUpdate::newHandle)));
    assertEquals(1, sdk.closeSession());
    sdk.close();

    // Every setup field of docs/protocol.md §3.1 that this model takes, as the SDK writes it.
    LiveConnectConfig rich = config(false).toBuilder()
        .temperature(0.7f).topP(0.95f).topK(40f).maxOutputTokens(1024).seed(1)
        .mediaResolution(MediaResolution.Known.MEDIA_RESOLUTION_LOW)
        .speechConfig(SpeechConfig.builder().languageCode("en-US").voiceConfig(VoiceConfig
            .builder().prebuiltVoiceConfig(PrebuiltVoiceConfig.builder().voiceName("Puck"))))
        .thinkingConfig(ThinkingConfig.builder().thinkingBudget(0).includeThoughts(false))
        .enableAffectiveDialog(true)
        .proactivity(ProactivityConfig.builder().proactiveAudio(true))
        .tools(lampTool(), Tool.builder().googleSearch(GoogleSearch.builder()).build())
        .realtimeInputConfig(RealtimeInputConfig.builder()
            .automaticActivityDetection(AutomaticActivityDetection.builder().disabled(false)
                .startOfSpeechSensitivity(StartSensitivity.Known.START_SENSITIVITY_LOW)
                .endOfSpeechSensitivity(EndSensitivity.Known.END_SENSITIVITY_HIGH)
                .prefixPaddingMs(20).silenceDurationMs(100))
            .activityHandling(ActivityHandling.Known.START_OF_ACTIVITY_INTERRUPTS)
            .turnCoverage(TurnCoverage.Known.TURN_INCLUDES_ONLY_ACTIVITY))
        .sessionResumption(SessionResumptionConfig.builder().handle(handle))
        .contextWindowCompression(ContextWindowCompressionConfig.builder().triggerTokens(25600L)
            .slidingWindow(SlidingWindow.builder().targetTokens(12800L)))
        .build();
    sdk = SdkReferee.connect(server, MODEL_25, rich);
    Received resumed = server.takeMessage("setup");
    assertEquals(2, resumed.connection());
    assertEquals(handle, resumed.body().get("sessionResumption").asObject()
        .getString("handle", ""));

    // Models before 3.1 still take clientContent after setup (§3.2).
    sdk.send(LiveSendClientContentParameters.builder()
        .turns(Content.builder().role("user").parts(Part.fromText("Hello")))
        .turnComplete(true).build());
    assertEquals("Hello", server.takeMessage("clientContent").body().get("turns").asArray()
        .get(0).asObject().get("parts").asArray().get(0).asObject().getString("text", ""));

    assertEquals(2, sdk.closeSession());
    assertEquals(Optional.empty(), server.pollRejection());
  }

  private void open(String model, LiveConnectConfig config) {
    server = FakeLiveServer.start(FakeLiveServer.Policy.NO_RESUMPTION_UPDATES);
    sdk = SdkReferee.connect(server, model, config);
  }

  /** AUDIO, a voice, one function, both transcriptions, resumption and compression. */
  static LiveConnectConfig config(boolean manualActivity) {
    LiveConnectConfig.Builder b = LiveConnectConfig.builder()
        .responseModalities(Modality.Known.AUDIO)
        .speechConfig(SpeechConfig.builder().voiceConfig(VoiceConfig.builder()
            .prebuiltVoiceConfig(PrebuiltVoiceConfig.builder().voiceName("Kore"))))
        .systemInstruction(Content.builder().parts(Part.fromText("Answer briefly.")))
        .tools(lampTool())
        .inputAudioTranscription(AudioTranscriptionConfig.builder())
        .outputAudioTranscription(AudioTranscriptionConfig.builder())
        .sessionResumption(SessionResumptionConfig.builder())
        .contextWindowCompression(ContextWindowCompressionConfig.builder()
            .slidingWindow(SlidingWindow.builder()));
    if (manualActivity) {
      b.realtimeInputConfig(RealtimeInputConfig.builder().automaticActivityDetection(
          AutomaticActivityDetection.builder().disabled(true)));
    }
    return b.build();
  }

  private static Tool lampTool() {
    return Tool.builder().functionDeclarations(List.of(FunctionDeclaration.builder()
        .name("set_lamp").description("Switch the desk lamp")
        .parameters(Schema.builder().type(Type.Known.OBJECT)
            .properties(Map.of("on", Schema.builder().type(Type.Known.BOOLEAN)
                .description("true for on").build()))
            .required("on"))
        .build())).build();
  }

  private static byte[] pattern(int length, int step) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * step + 1);
    }
    return b;
  }
}
