package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.GeminiConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {

  @Test
  void setup_emptyConfig_omitsEmptyFields() {
    String instruction = GeminiConfig.DEFAULT_INSTRUCTION;
    assertEquals("{\"setup\":{\"model\":\"models/gemini-3.1-flash-live-preview\","
        + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]},"
        + "\"systemInstruction\":{\"parts\":[{\"text\":\"" + instruction + "\"}]},"
        + "\"sessionResumption\":{},"
        + "\"contextWindowCompression\":{\"slidingWindow\":{}},"
        + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}}",
        ClientMessages.setup(GeminiConfig.defaults(), List.of(), Optional.empty()));
  }

  @Test
  void setup_fullConfig_placesEveryField() {
    GeminiConfig g = new GeminiConfig("wss://x", "K", "models/gemini-2.5-flash-native-audio-"
        + "preview-12-2025", "Kore", "de-DE", "Be terse.", true, true,
        GeminiConfig.ActivityDetection.MANUAL, true, true, 10_000);
    List<FunctionDeclaration> functions = List.of(
        new FunctionDeclaration("set_lamp", "Switches the lamp.", Optional.of(
            "{\"type\":\"OBJECT\",\"properties\":{\"on\":{\"type\":\"BOOLEAN\"}},"
                + "\"required\":[\"on\"]}")),
        new FunctionDeclaration("look", "Looks.", Optional.empty()));
    assertEquals("{\"setup\":{\"model\":\"models/gemini-2.5-flash-native-audio-preview-12-2025\","
        + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"],\"speechConfig\":{"
        + "\"voiceConfig\":{\"prebuiltVoiceConfig\":{\"voiceName\":\"Kore\"}},"
        + "\"languageCode\":\"de-DE\"}},"
        + "\"systemInstruction\":{\"parts\":[{\"text\":\"Be terse.\"}]},"
        + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"set_lamp\",\"description\":"
        + "\"Switches the lamp.\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"on\":"
        + "{\"type\":\"BOOLEAN\"}},\"required\":[\"on\"]}},{\"name\":\"look\",\"description\":"
        + "\"Looks.\"}]},{\"googleSearch\":{}}],"
        + "\"realtimeInputConfig\":{\"automaticActivityDetection\":{\"disabled\":true}},"
        + "\"sessionResumption\":{\"handle\":\"h-7\"},"
        + "\"contextWindowCompression\":{\"slidingWindow\":{}},"
        + "\"inputAudioTranscription\":{},\"outputAudioTranscription\":{}}}",
        ClientMessages.setup(g, functions, Optional.of("h-7")));
  }

  @Test
  void setup_featuresOff_leavesThemOut() {
    GeminiConfig g = new GeminiConfig("wss://x", "K", "models/m", "", "", "", false, false,
        GeminiConfig.ActivityDetection.SERVER, false, false, 10_000);
    assertEquals("{\"setup\":{\"model\":\"models/m\",\"generationConfig\":{"
        + "\"responseModalities\":[\"AUDIO\"]}}}",
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
  void toolResponse_keepsIdsAndNames() {
    assertEquals("{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\","
        + "\"name\":\"set_lamp\",\"response\":{\"on\":true}},{\"id\":\"function-call-2\","
        + "\"name\":\"nope\",\"response\":{\"error\":\"unknown tool nope\"}}]}}",
        ClientMessages.toolResponse(List.of(
            new FunctionResponse("function-call-1", "set_lamp", "{\"on\":true}"),
            new FunctionResponse("function-call-2", "nope", "{\"error\":\"unknown tool nope\"}"))));
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
          encoder.encode(pcm, slice[0], slice[1]));
    }
  }
}
