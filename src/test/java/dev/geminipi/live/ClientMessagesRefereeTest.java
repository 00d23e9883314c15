package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.types.Blob;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerationConfig;
import com.google.genai.types.LiveClientMessage;
import com.google.genai.types.LiveClientRealtimeInput;
import com.google.genai.types.LiveClientSetup;
import com.google.genai.types.Modality;
import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.testkit.OurMessages;
import dev.geminipi.testkit.SdkMessageCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message our client builds is kept, field for field, by the official SDK's own
 * types (DESIGN.md "How we test"; the check is SdkMessageCheck, notes §3.4).
 */
class ClientMessagesRefereeTest {
  private static final List<String> IDS =
      List.of("function-call-1", "function-call-2", "function-call-3");

  @Test
  void setup_defaults_sdkKeepsEveryField() {
    LiveClientSetup setup = SdkMessageCheck.assertKept(OurMessages.setupDefaults()).setup()
        .orElseThrow();
    assertEquals(Optional.of(GeminiConfig.DEFAULT_MODEL), setup.model());
    assertEquals(Optional.of(List.of(new Modality(Modality.Known.AUDIO))),
        setup.generationConfig().flatMap(GenerationConfig::responseModalities));
    assertTrue(setup.tools().isEmpty(), "no tools: [] (docs/protocol.md §10)");
    assertTrue(setup.sessionResumption().orElseThrow().handle().isEmpty());
    assertTrue(setup.inputAudioTranscription().isPresent());
    assertTrue(setup.outputAudioTranscription().isPresent());
    assertTrue(setup.contextWindowCompression().orElseThrow().slidingWindow().isPresent());
  }

  @Test
  void setup_fullConfigResuming_sdkKeepsEveryField() {
    LiveClientSetup setup = SdkMessageCheck.assertKept(OurMessages.setupFull("handle-7"))
        .setup().orElseThrow();
    GenerationConfig generation = setup.generationConfig().orElseThrow();
    assertEquals("Kore", generation.speechConfig().orElseThrow().voiceConfig().orElseThrow()
        .prebuiltVoiceConfig().orElseThrow().voiceName().orElseThrow());
    // 3.8 takes no languageCode: the full config's "de-DE" is left out (ClientMessagesTest).
    assertEquals(Optional.empty(), generation.speechConfig().orElseThrow().languageCode());
    assertEquals(Optional.of(OurMessages.full().systemInstruction()),
        setup.systemInstruction().orElseThrow().parts().orElseThrow().get(0).text());
    assertEquals(Optional.of(true), setup.realtimeInputConfig().orElseThrow()
        .automaticActivityDetection().orElseThrow().disabled());
    assertEquals(Optional.of("handle-7"), setup.sessionResumption().orElseThrow().handle());

    assertEquals(2, setup.tools().orElseThrow().size());
    List<FunctionDeclaration> functions = setup.tools().orElseThrow().get(0)
        .functionDeclarations().orElseThrow();
    assertEquals(List.of("set_lamp", "set_fan", "read_door"),
        functions.stream().map(f -> f.name().orElseThrow()).toList());
    Schema fan = functions.get(1).parameters().orElseThrow();
    assertEquals(Type.Known.OBJECT, fan.type().orElseThrow().knownEnum());
    Map<String, Schema> props = fan.properties().orElseThrow();
    assertEquals(Optional.of(List.of("low", "high", "auto")), props.get("mode").enum_());
    assertEquals(Type.Known.NUMBER, props.get("speed").type().orElseThrow().knownEnum());
    assertEquals(Optional.of(1.5), props.get("speed").maximum());
    assertTrue(functions.get(2).parameters().isEmpty(), "read_door takes no parameters");
    assertTrue(setup.tools().orElseThrow().get(1).googleSearch().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.geminipi.testkit.OurMessages#afterSetup")
  void message_afterSetup_sdkKeepsEveryField(OurMessages.Sample sample) {
    LiveClientMessage m = SdkMessageCheck.assertKept(sample.build().apply(IDS));
    assertTrue(m.realtimeInput().isPresent() || m.toolResponse().isPresent()
        || m.clientContent().isPresent(), sample.name());
  }

  @Test
  void audio_encoderSliceAndBuilderSlice_sdkReadsTheSameBytes() {
    byte[] capture = OurMessages.capture();
    byte[] expected = OurMessages.slice(OurMessages.OFFSET, OurMessages.LENGTH);
    String viaEncoder = new String(new AudioMessageEncoder().encode(capture, OurMessages.OFFSET,
        OurMessages.LENGTH), StandardCharsets.US_ASCII);
    String viaBuilder = ClientMessages.audio(capture, OurMessages.OFFSET, OurMessages.LENGTH);
    for (String message : List.of(viaEncoder, viaBuilder)) {
      Blob audio = SdkMessageCheck.assertKept(message).realtimeInput()
          .flatMap(LiveClientRealtimeInput::audio).orElseThrow();
      assertEquals(Optional.of(ClientMessages.AUDIO_MIME), audio.mimeType());
      assertArrayEquals(expected, audio.data().orElseThrow());
    }
    assertEquals(viaBuilder, viaEncoder);
  }

  @Test
  void toolResponse_threeAnswersWithAnError_sdkKeepsIdsAndResponses() {
    var responses = SdkMessageCheck.assertKept(OurMessages.toolResponse(IDS)).toolResponse()
        .orElseThrow().functionResponses().orElseThrow();
    assertEquals(IDS, responses.stream().map(r -> r.id().orElseThrow()).toList());
    assertEquals(Optional.of(Map.of("status", "hardware_fault", "retryable", false, "message",
        "read_door: GPIO 17 is not readable")), responses.get(2).response());
    assertEquals("WHEN_IDLE", responses.get(0).scheduling().orElseThrow().toString());
    assertTrue(responses.get(2).scheduling().isEmpty(), "a blocking call's answer");
  }

  @Test
  void check_unknownField_reportsNotKept() {
    String problem = SdkMessageCheck.problem(
        "{\"realtimeInput\":{\"text\":\"hi\",\"bogus\":1}}").orElseThrow();
    assertTrue(problem.startsWith("the SDK's strict parse failed at realtimeInput.bogus: "
        + "Unrecognized field \"bogus\""), problem);
  }

  @Test
  void check_configInsteadOfSetup_reportsNotKept() {
    assertEquals(Optional.of("expected exactly one of [setup, clientContent, realtimeInput, "
        + "toolResponse], got [config]"),
        SdkMessageCheck.problem("{\"config\":{\"model\":\"models/gemini-3.1-flash-live-preview\","
            + "\"responseModalities\":[\"AUDIO\"]}}"));
  }

  @Test
  void check_nullHandle_reportsNotKept() {
    assertEquals(Optional.of("the SDK's strict parse failed at setup.sessionResumption.handle: "
        + "null is not allowed here"), SdkMessageCheck.problem("{\"setup\":{\"model\":\"m\","
        + "\"sessionResumption\":{\"handle\":null}}}"));
  }

  @Test
  void check_nullDroppedByTheSdk_reportsNotKept() {
    String problem = SdkMessageCheck.problem("{\"toolResponse\":{\"functionResponses\":[{\"id\":"
        + "\"function-call-1\",\"name\":\"f\",\"response\":{\"result\":null}}]}}").orElseThrow();
    assertTrue(problem.startsWith("fromJson/toJson lost or changed fields"), problem);
  }
}
