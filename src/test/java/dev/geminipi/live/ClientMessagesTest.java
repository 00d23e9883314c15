package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.geminipi.testkit.GeminiConfigBuilder.gemini;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.LiveModel;
import dev.geminipi.config.ToolConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {
  private static final String MODEL_25 = "models/gemini-2.5-flash-native-audio-preview-12-2025";
  private static final String MODEL_31 = "models/gemini-3.1-flash-live-preview";

  @Test
  void setup_emptyConfig_is38WithExplicitTurnCoverageAndNoRefusedFields() {
    String instruction = GeminiConfig.DEFAULT_INSTRUCTION;
    assertEquals("{\"setup\":{\"model\":\"models/gemini-3.8-live\","
        + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]},"
        + "\"systemInstruction\":{\"parts\":[{\"text\":\"" + instruction + "\"}]},"
        + "\"realtimeInputConfig\":{\"turnCoverage\":"
        + "\"TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO\"},"
        + "\"sessionResumption\":{},"
        + "\"contextWindowCompression\":{\"slidingWindow\":{}},"
        + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}}",
        ClientMessages.setup(GeminiConfig.defaults(), List.of(), Optional.empty()));
  }

  @Test
  void setup_fullConfig_placesEveryField() {
    GeminiConfig g = gemini().endpoint("wss://x").apiKeyEnv("K").model(MODEL_25).voice("Kore")
        .languageCode("de-DE").systemInstruction("Be terse.").googleSearch(true)
        .activityDetection(GeminiConfig.ActivityDetection.MANUAL).build();
    assertEquals("{\"setup\":{\"model\":\"models/gemini-2.5-flash-native-audio-preview-12-2025\","
        + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"],\"speechConfig\":{"
        + "\"voiceConfig\":{\"prebuiltVoiceConfig\":{\"voiceName\":\"Kore\"}},"
        + "\"languageCode\":\"de-DE\"}},"
        + "\"systemInstruction\":{\"parts\":[{\"text\":\"Be terse.\"}]},"
        + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"set_lamp\",\"description\":"
        + "\"Switches the lamp.\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"on\":"
        + "{\"type\":\"BOOLEAN\"}},\"required\":[\"on\"]},\"behavior\":\"NON_BLOCKING\"},"
        + "{\"name\":\"look\",\"description\":\"Looks.\",\"behavior\":\"BLOCKING\"}]},"
        + "{\"googleSearch\":{}}],"
        + "\"realtimeInputConfig\":{\"automaticActivityDetection\":{\"disabled\":true}},"
        + "\"sessionResumption\":{\"handle\":\"h-7\"},"
        + "\"contextWindowCompression\":{\"slidingWindow\":{}},"
        + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}}",
        ClientMessages.setup(g, functions(), Optional.of("h-7")));
  }

  @Test
  void setup_31_sendsNoBehaviorNoTurnCoverage_butItsLanguageCode() {
    GeminiConfig g = gemini().model(MODEL_31).languageCode("de-DE").build();
    JsonObject setup = setupOf(g);
    assertEquals("{\"responseModalities\":[\"AUDIO\"],\"speechConfig\":{\"languageCode\":"
        + "\"de-DE\"}}", setup.get("generationConfig").toString());
    assertEquals("[{\"functionDeclarations\":[{\"name\":\"set_lamp\",\"description\":"
        + "\"Switches the lamp.\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{"
        + "\"on\":{\"type\":\"BOOLEAN\"}},\"required\":[\"on\"]}},{\"name\":\"look\","
        + "\"description\":\"Looks.\"}]}]", setup.get("tools").toString());
    assertEquals(null, setup.get("realtimeInputConfig"));
  }

  @Test
  void setup_38_declaresBehaviors_dropsLanguageCode_andSendsNoThinkingOrProactivity() {
    GeminiConfig g = gemini().languageCode("de-DE").voice("Puck").build();
    JsonObject setup = setupOf(g);
    assertEquals("{\"responseModalities\":[\"AUDIO\"],\"speechConfig\":{\"voiceConfig\":"
        + "{\"prebuiltVoiceConfig\":{\"voiceName\":\"Puck\"}}}}",
        setup.get("generationConfig").toString());
    assertEquals(List.of("NON_BLOCKING", "BLOCKING"), setup.get("tools").asArray().get(0)
        .asObject().get("functionDeclarations").asArray().values().stream()
        .map(v -> v.asObject().getString("behavior", "")).toList());
    assertEquals(null, setup.get("proactivity"));
    assertEquals(List.of("model", "generationConfig", "systemInstruction", "tools",
        "realtimeInputConfig", "sessionResumption", "contextWindowCompression",
        "inputAudioTranscription", "outputAudioTranscription"), setup.names());
  }

  @Test
  void setup_vadOptions_onlyThoseOffTheServiceDefaultsGoOut() {
    GeminiConfig g = gemini().vad(new GeminiConfig.Vad(GeminiConfig.Sensitivity.LOW,
        GeminiConfig.Sensitivity.HIGH, 0, 700)).build();
    assertEquals("{\"automaticActivityDetection\":{\"startOfSpeechSensitivity\":"
        + "\"START_SENSITIVITY_LOW\",\"silenceDurationMs\":700},\"turnCoverage\":"
        + "\"TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO\"}",
        setupOf(g).get("realtimeInputConfig").toString());
    g = gemini().vad(new GeminiConfig.Vad(GeminiConfig.Sensitivity.HIGH,
        GeminiConfig.Sensitivity.LOW, 40, 0)).build();
    assertEquals("{\"automaticActivityDetection\":{\"endOfSpeechSensitivity\":"
        + "\"END_SENSITIVITY_LOW\",\"prefixPaddingMs\":40},\"turnCoverage\":"
        + "\"TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO\"}",
        setupOf(g).get("realtimeInputConfig").toString());
  }

  @Test
  void setup_unknownModel_getsTheNewestRules() {
    JsonObject setup = setupOf(gemini().model("models/gemini-9-live").build());
    assertEquals("{\"turnCoverage\":\"TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO\"}",
        setup.get("realtimeInputConfig").toString());
  }

  @Test
  void setup_featuresOff_leavesThemOut() {
    GeminiConfig g = gemini().endpoint("wss://x").apiKeyEnv("K").model(MODEL_31)
        .systemInstruction("").transcription(false).sessionResumption(false)
        .contextCompression(false).build();
    assertEquals("{\"setup\":{\"model\":\"models/gemini-3.1-flash-live-preview\","
        + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]}}}",
        ClientMessages.setup(g, List.of(), Optional.of("ignored-when-resumption-is-off")));
  }

  @Test
  void realtimeMessages_haveOneFieldEach() {
    assertEquals("{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\","
        + "\"data\":\"AQID\"}}}", ClientMessages.audio(new byte[] {9, 1, 2, 3}, 1, 3));
    assertEquals("{\"realtimeInput\":{\"video\":{\"mimeType\":\"image/jpeg\",\"data\":\"/9g=\"}}}",
        ClientMessages.video(new byte[] {(byte) 0xff, (byte) 0xd8}));
    assertEquals("{\"realtimeInput\":{\"text\":\"say \\\"hi\\\"\"}}",
        ClientMessages.text("say \"hi\""));
    assertEquals("{\"realtimeInput\":{\"activityStart\":{}}}", ClientMessages.activityStart());
    assertEquals("{\"realtimeInput\":{\"activityEnd\":{}}}", ClientMessages.activityEnd());
    assertEquals("{\"realtimeInput\":{\"audioStreamEnd\":true}}", ClientMessages.audioStreamEnd());
  }

  @Test
  void userTurn_isACompleteUserRoleTurn() {
    assertEquals("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + "\"the doorbell rang\"}]}],\"turnComplete\":true}}",
        ClientMessages.userTurn("the doorbell rang"));
  }

  @Test
  void toolResponse_keepsIdsAndNames_schedulingOnlyWhereTheModelTakesIt() {
    List<FunctionResponse> responses = List.of(
        new FunctionResponse("function-call-1", "set_lamp", Json.parse("{\"on\":true}")
            .asObject(), Optional.of(ToolConfig.Scheduling.WHEN_IDLE)),
        FunctionResponse.blocking("function-call-2", "nope", Json.parse(
            "{\"status\":\"invalid_argument\"}").asObject()));
    assertEquals("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\","
        + "\"name\":\"set_lamp\",\"response\":{\"on\":true},\"scheduling\":\"WHEN_IDLE\"},"
        + "{\"id\":\"function-call-2\",\"name\":\"nope\",\"response\":{\"status\":"
        + "\"invalid_argument\"}}]}}",
        ClientMessages.toolResponse(LiveModel.GEMINI_3_8, responses));
    assertEquals("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\","
        + "\"name\":\"set_lamp\",\"response\":{\"on\":true}},"
        + "{\"id\":\"function-call-2\",\"name\":\"nope\",\"response\":{\"status\":"
        + "\"invalid_argument\"}}]}}",
        ClientMessages.toolResponse(LiveModel.GEMINI_3_1, responses));
  }

  private static JsonObject setupOf(GeminiConfig g) {
    return Json.parse(ClientMessages.setup(g, functions(), Optional.empty())).asObject()
        .get("setup").asObject();
  }

  private static List<FunctionDeclaration> functions() {
    return List.of(
        new FunctionDeclaration("set_lamp", "Switches the lamp.", Optional.of(Json.parse(
            "{\"type\":\"OBJECT\",\"properties\":{\"on\":{\"type\":\"BOOLEAN\"}},"
                + "\"required\":[\"on\"]}").asObject()), ToolConfig.Behavior.NON_BLOCKING),
        new FunctionDeclaration("look", "Looks.", Optional.empty(), ToolConfig.Behavior.BLOCKING));
  }

  @Test
  void audioEncoder_matchesTheBuilder_forAnyOffsetAndLength() {
    AudioMessageEncoder encoder = new AudioMessageEncoder();
    byte[] pcm = new byte[700];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i * 7);
    }
    for (int[] slice : new int[][] {{0, 640}, {0, 700}, {3, 640}, {1, 1}, {0, 2}, {59, 641}}) {
      assertEquals(ClientMessages.audio(pcm, slice[0], slice[1]),
          new String(encoder.encode(pcm, slice[0], slice[1]), StandardCharsets.US_ASCII));
    }
  }
}
