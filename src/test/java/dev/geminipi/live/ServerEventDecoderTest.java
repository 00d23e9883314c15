package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServerEventDecoderTest {
  private final ServerEventDecoder decoder = new ServerEventDecoder();

  /** The server messages of a recorded session, byte for byte (fixtures README). */
  static List<String> serverMessages(String fixture) throws IOException {
    byte[] all;
    try (InputStream in = ServerEventDecoderTest.class.getResourceAsStream(
        "/fixtures/real-traffic/" + fixture)) {
      all = in.readAllBytes();
    }
    String text = new String(all, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile("(?m)^([<>])(\\d+) ").matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).equals("<")) {
        int size = Integer.parseInt(m.group(2));
        byte[] body = java.util.Arrays.copyOfRange(all, m.end(), m.end() + size);
        out.add(new String(body, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Decodes each message both as a text frame and as a binary frame; the two must agree. */
  private List<List<ServerEvent>> decodeBoth(List<String> messages) {
    List<List<ServerEvent>> out = new ArrayList<>();
    for (String m : messages) {
      List<ServerEvent> text = decoder.decode(m);
      List<ServerEvent> binary = decoder.decode(ByteBuffer.wrap(m.getBytes(StandardCharsets.UTF_8)));
      assertEquals(text.toString(), binary.toString());
      for (ServerEvent e : text) {
        assertTrue(!(e instanceof ServerEvent.Malformed), "malformed: " + e + " in " + m);
      }
      out.add(text);
    }
    return out;
  }

  @Test
  void fixture_textTurnWithActivitySignals_decodesTextParts() throws IOException {
    var events = decodeBoth(serverMessages("live_ML_Dev_handle_activity_start_and_end.log"));
    assertEquals(List.of(new ServerEvent.SetupComplete(Optional.empty(), false)), events.get(0));
    assertEquals(List.of(new ServerEvent.Text("Yeah", false)), events.get(1));
    assertEquals(List.of(new ServerEvent.Text(", I can hear you. What's up?", false)),
        events.get(2));
  }

  @Test
  void fixture_outputTranscription_decodesEachDelta() throws IOException {
    var events = decodeBoth(serverMessages(
        "live_ML_Dev_should_receive_transcription_in_async_session_with_transcription_enabled.log"));
    assertEquals(List.of(new ServerEvent.OutputTranscript("We")), events.get(1));
    assertEquals(List.of(new ServerEvent.OutputTranscript(" could talk about anything you like. "
        + "Perhaps you have a hobby or an interest you")), events.get(2));
    assertEquals(3, events.size() - 1);
  }

  @Test
  void fixture_turnCompleteWithUsage_decodesBoth() throws IOException {
    var events = decodeBoth(serverMessages("live_ML_Dev_should_send_text_in_async_session.log"));
    assertEquals(List.of(new ServerEvent.GenerationComplete()), events.get(1));
    assertEquals(List.of(new ServerEvent.TurnComplete(Optional.empty()),
        new ServerEvent.Usage(515, 38, 553)), events.get(2));
  }

  @Test
  void fixture_toolCall_keepsIdNameArgs_andPassesExecutableCode() throws IOException {
    var events = decodeBoth(serverMessages("live_ML_Dev_should_send_tool_response.log"));
    assertEquals(List.of(new ServerEvent.Unknown("serverContent.modelTurn.parts.executableCode")),
        events.get(1));
    ServerEvent.ToolCall call = assertInstanceOf(ServerEvent.ToolCall.class, events.get(2).get(0));
    assertEquals(1, call.calls().size());
    ServerEvent.FunctionCall f = call.calls().get(0);
    assertEquals("function-call-5831923424298605773", f.id());
    assertEquals("get_current_weather", f.name());
    assertEquals("{\"location\":\"Redmond, WA\"}", f.args().toString());
  }

  @Test
  void fixture_vertex_setupCompleteCarriesSessionId() throws IOException {
    var events = decodeBoth(serverMessages("live_Vertex_should_send_tool_response.log"));
    assertEquals(List.of(new ServerEvent.SetupComplete(
        Optional.of("c714f9ce-aa80-413f-b55a-a13609ae9e01"), false)), events.get(0));
    ServerEvent.ToolCall call = assertInstanceOf(ServerEvent.ToolCall.class, events.get(1).get(0));
    assertEquals("8acdafcd-9c55-44be-84da-da3d2612f9d1", call.calls().get(0).id());
    assertEquals(List.of(new ServerEvent.GenerationComplete()), events.get(2));
  }

  @Test
  void audioTranscriptAndTurnComplete_inOneFrame_allDecodedInPlayOrder() {
    String json = """
        {"serverContent": {"turnComplete": true, "outputTranscription": {"text": "Hi"},
          "modelTurn": {"parts": [{"inlineData": {"mimeType": "audio/pcm;rate=24000",
            "data": "AQACAA=="}}, {"text": "t", "thought": true}]},
          "generationComplete": true, "inputTranscription": {"text": "hello", "finished": true}},
         "usageMetadata": {"promptTokenCount": "7", "candidatesTokenCount": 3, "totalTokenCount": 10}}
        """;
    List<ServerEvent> events = decoder.decode(json);
    assertEquals(7, events.size(), events.toString());
    ServerEvent.Audio audio = assertInstanceOf(ServerEvent.Audio.class, events.get(0));
    assertArrayEquals(new byte[] {1, 0, 2, 0}, audio.pcm());
    assertEquals(24_000, audio.rateHz());
    assertEquals(new ServerEvent.Text("t", true), events.get(1));
    assertEquals(new ServerEvent.InputTranscript("hello", true), events.get(2));
    assertEquals(new ServerEvent.OutputTranscript("Hi"), events.get(3));
    assertEquals(new ServerEvent.GenerationComplete(), events.get(4));
    assertEquals(new ServerEvent.TurnComplete(Optional.empty()), events.get(5));
    assertEquals(new ServerEvent.Usage(7, 3, 10), events.get(6));
  }

  @Test
  void everyKind_decodes() {
    assertEquals(List.of(new ServerEvent.Interrupted()),
        decoder.decode("{\"serverContent\":{\"interrupted\":true}}"));
    assertEquals(List.of(new ServerEvent.TurnComplete(Optional.of("NEED_MORE_INPUT"))),
        decoder.decode("{\"serverContent\":{\"turnComplete\":true,"
            + "\"turnCompleteReason\":\"NEED_MORE_INPUT\"}}"));
    assertEquals(List.of(new ServerEvent.ToolCallCancellation(List.of("a", "b"))),
        decoder.decode("{\"toolCallCancellation\":{\"ids\":[\"a\",\"b\"]}}"));
    assertEquals(List.of(new ServerEvent.GoAway(Duration.ofMillis(500))),
        decoder.decode("{\"goAway\":{\"timeLeft\":\"0.500s\"}}"));
    assertEquals(List.of(new ServerEvent.ResumptionUpdate("Cg1", true)),
        decoder.decode("{\"sessionResumptionUpdate\":{\"newHandle\":\"Cg1\",\"resumable\":true}}"));
    assertEquals(List.of(new ServerEvent.ResumptionUpdate("", false)),
        decoder.decode("{\"sessionResumptionUpdate\":{\"resumable\":false}}"));
    assertEquals(List.of(new ServerEvent.VoiceActivity("ACTIVITY_START")),
        decoder.decode("{\"voiceActivity\":{\"type\":\"ACTIVITY_START\"}}"));
    assertEquals(List.of(new ServerEvent.VoiceActivity("VAD_SIGNAL_TYPE_EOS")),
        decoder.decode("{\"voiceActivityDetectionSignal\":{\"vadSignalType\":\"VAD_SIGNAL_TYPE_EOS\"}}"));
    assertEquals(List.of(new ServerEvent.Unknown("brandNewThing")),
        decoder.decode("{\"brandNewThing\":{}}"));
    List<ServerEvent> audio = decoder.decode("{\"serverContent\":{\"modelTurn\":{\"parts\":["
        + "{\"inlineData\":{\"mimeType\":\"audio/pcm;rate=24000\",\"data\":\"AQA=\"}}]}}}");
    ServerEvent.Audio a = (ServerEvent.Audio) audio.get(0);
    assertEquals(1, audio.size());
    assertArrayEquals(new byte[] {1, 0}, a.pcm());
    assertEquals(24_000, a.rateHz());
  }

  @Test
  void emptyOutputTranscription_andUsageOnlyContent_produceNoNoise() {
    assertEquals(List.of(), decoder.decode("{\"serverContent\":{\"outputTranscription\":{}}}"));
    assertEquals(List.of(new ServerEvent.Usage(1, 0, 1)),
        decoder.decode("{\"serverContent\":{},\"usageMetadata\":{\"promptTokenCount\":1,"
            + "\"totalTokenCount\":1}}"));
  }

  @Test
  void vertexBareAudioMime_defaultsTo24k() {
    ServerEvent.Audio a = assertInstanceOf(ServerEvent.Audio.class, decoder.decode(
        "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/pcm\","
            + "\"data\":\"AAA=\"}}]}}}").get(0));
    assertEquals(24_000, a.rateHz());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json", "", "[1,2]", "\"text\"", "{\"serverContent\": 5}",
      "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"data\":\"!!!\"}}]}}}",
      "{\"goAway\":{\"timeLeft\":\"soon\"}}", "{\"toolCall\":{\"functionCalls\":[7]}}",
      "{\"usageMetadata\":{\"promptTokenCount\":1e99}}", "{\"setupComplete\":[]}",
      "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
          + "\"audio/pcm;rate=99999999999\",\"data\":\"AAA=\"}}]}}}"})
  void malformed_becomesMalformedEvent_neverThrows(String frame) {
    List<ServerEvent> events = decoder.decode(frame);
    assertTrue(events.stream().anyMatch(e -> e instanceof ServerEvent.Malformed), events.toString());
  }

  @Test
  void badAudioPart_keepsTheRestOfTheMessage() {
    List<ServerEvent> events = decoder.decode("{\"serverContent\":{\"modelTurn\":{\"parts\":["
        + "{\"inlineData\":{\"mimeType\":\"audio/pcm\",\"data\":\"%%%\"}},{\"text\":\"ok\"}]},"
        + "\"turnComplete\":true}}");
    assertInstanceOf(ServerEvent.Malformed.class, events.get(0));
    assertEquals(new ServerEvent.Text("ok", false), events.get(1));
    assertEquals(new ServerEvent.TurnComplete(Optional.empty()), events.get(2));
  }

  @Test
  void invalidUtf8InBinaryFrame_isMalformed() {
    List<ServerEvent> events = decoder.decode(ByteBuffer.wrap(new byte[] {'{', (byte) 0xC3, '}'}));
    assertEquals(List.of(new ServerEvent.Malformed("binary frame is not UTF-8 text")), events);
  }

  @Test
  void deepNesting_isMalformedNotAStackOverflow() {
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    List<ServerEvent> events = decoder.decode(deep);
    assertInstanceOf(ServerEvent.Malformed.class, events.get(0));
  }
}
