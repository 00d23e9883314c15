package dev.geminipi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.testkit.Fuzz;
import dev.geminipi.testkit.ServerMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of hostile server frames straight through the decoder (issue 7), seeded so a
 * failure can be replayed with {@code -Dfuzz.seed=N}. Whatever comes in, decode returns a
 * list of events, never throws, and every event prints (consumers log them).
 */
class ServerEventDecoderFuzzTest {
  static final long SEED = Fuzz.seed(0x6A1F_0007L);
  static final List<String> FIXTURES = List.of(
      "live_ML_Dev_handle_activity_start_and_end.log",
      "live_ML_Dev_should_receive_transcription_in_async_session_with_transcription_enabled.log",
      "live_ML_Dev_should_send_text_in_async_session.log",
      "live_ML_Dev_should_send_tool_response.log",
      "live_Vertex_should_send_tool_response.log");
  /** Values that are wrong in some field or other: every kind, odd numbers, odd strings. */
  static final List<JsonValue> REPLACEMENTS = replacements();
  /** Byte sequences that are not UTF-8: overlong, lone continuation, surrogate, cut, FF. */
  static final byte[][] NOT_UTF8 = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xBF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
      (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

  private final ServerEventDecoder decoder = new ServerEventDecoder();
  private int cases;

  private static List<JsonValue> replacements() {
    List<JsonValue> out = new ArrayList<>(Fuzz.ONE_OF_EACH_KIND);
    out.addAll(List.of(JsonValue.valueOf(-1), JsonValue.valueOf(2147483648L),
        Json.parse("1e400"), Json.parse("-0"), JsonValue.valueOf(0.5), JsonValue.valueOf(""),
        JsonValue.valueOf("-5s"), JsonValue.valueOf("1e999s"), JsonValue.valueOf("NaNs"),
        JsonValue.valueOf("audio/pcm;rate=99999999999"), JsonValue.valueOf("!!not base64!!")));
    return List.copyOf(out);
  }

  /** Real traffic plus one of every message the fake writes: the seeds of the mutations. */
  static List<String> seeds() throws IOException {
    List<String> out = new ArrayList<>();
    for (String f : FIXTURES) {
      out.addAll(ServerEventDecoderTest.serverMessages(f));
    }
    for (JsonObject m : List.of(ServerMessages.setupComplete(),
        ServerMessages.audio(new byte[] {1, 2, 3, 4}), ServerMessages.text("hello"),
        ServerMessages.outputTranscript("hi"), ServerMessages.inputTranscript("lamp on"),
        ServerMessages.interrupted(), ServerMessages.generationComplete(),
        ServerMessages.turnComplete(), ServerMessages.toolCall("function-call-1", "set_lamp",
            "{\"on\":true,\"level\":[1,2,{\"x\":null}]}"),
        ServerMessages.toolCallCancellation(List.of("function-call-1", "function-call-2")),
        ServerMessages.goAway(Duration.ofMillis(1500)),
        ServerMessages.resumptionUpdate("handle-1", true),
        Json.parse("{\"voiceActivity\":{\"type\":\"ACTIVITY_START\"}}").asObject(),
        Json.parse("{\"voiceActivityDetectionSignal\":{\"vadSignalType\":\"X\"}}").asObject())) {
      out.add(ServerMessages.pretty(m));
    }
    return out;
  }

  /** Decodes as a binary frame (and as text when it is UTF-8) and checks what came out. */
  private List<ServerEvent> check(String label, byte[] frame) {
    cases++;
    try {
      List<ServerEvent> events = decoder.decode(ByteBuffer.wrap(frame));
      assertWellFormed(label, events);
      String text = new String(frame, StandardCharsets.UTF_8);
      assertWellFormed(label, decoder.decode(text));
      return events;
    } catch (Throwable t) {
      throw new AssertionError(label + " (seed " + SEED + ") threw " + t, t);
    }
  }

  private static void assertWellFormed(String label, List<ServerEvent> events) {
    assertTrue(events != null, label + ": null list");
    for (ServerEvent e : events) {
      assertTrue(e != null, label + ": null event");
      // What a consumer relies on without checking: no null inside an event, audio whole.
      String bad = switch (e) {
        case ServerEvent.Audio a -> a.pcm() == null || a.pcm().length % 2 != 0 || a.rateHz() <= 0
            ? "audio " + a : null;
        case ServerEvent.Text t -> t.text() == null ? "null text" : null;
        case ServerEvent.InputTranscript t -> t.text() == null ? "null transcript" : null;
        case ServerEvent.OutputTranscript t -> t.text() == null ? "null transcript" : null;
        case ServerEvent.ToolCall c -> c.calls() == null || c.calls().stream().anyMatch(f ->
            f == null || f.id() == null || f.name() == null) ? "tool call " + c : null;
        case ServerEvent.ToolCallCancellation c -> c.ids() == null
            || c.ids().stream().anyMatch(java.util.Objects::isNull) ? "cancellation " + c : null;
        case ServerEvent.GoAway g -> g.timeLeft() == null || g.timeLeft().isNegative()
            ? "goAway " + g : null;
        case ServerEvent.ResumptionUpdate u -> u.newHandle() == null ? "null handle" : null;
        case ServerEvent.TurnComplete t -> t.reason() == null ? "null reason" : null;
        case ServerEvent.SetupComplete s -> s.sessionId() == null ? "null session id" : null;
        case ServerEvent.VoiceActivity v -> v.type() == null ? "null type" : null;
        case ServerEvent.Unknown u -> u.field() == null ? "null field" : null;
        case ServerEvent.Malformed m -> m.problem() == null ? "null problem" : null;
        case ServerEvent.Closed c -> c.reason() == null ? "null reason" : null;
        case ServerEvent.Interrupted i -> null;
        case ServerEvent.GenerationComplete g -> null;
        case ServerEvent.Usage u -> null;
      };
      assertTrue(bad == null, label + ": " + bad);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mutatedRealTraffic_neverThrows() throws IOException {
    Random r = new Random(SEED);
    List<String> seeds = seeds();
    for (int i = 0; i < 6000; i++) {
      int pick = r.nextInt(seeds.size());
      check("mutation " + i + " of seed " + pick, Fuzz.mutate(utf8(seeds.get(pick)), r));
    }
    assertEquals(6000, cases);
  }

  @Test
  void wrongTypeAtEveryField_isMalformedOrIgnoredNeverThrown() throws IOException {
    for (String seed : seeds()) {
      JsonValue root = Json.parse(seed);
      for (Fuzz.Site site : Fuzz.sites(root)) {
        for (JsonValue with : REPLACEMENTS) {
          check(site.path() + " = " + with, utf8(Fuzz.replace(root, site, with).toString()));
        }
        check("without " + site.path(), utf8(Fuzz.remove(root, site).toString()));
      }
    }
    assertTrue(cases > 2000, "only " + cases + " cases");
  }

  @Test
  void wrongTypeInsideAudioPart_costsOnlyThatPart() {
    String json = "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
        + "\"audio/pcm;rate=24000\",\"data\":7}}]},\"turnComplete\":true}}";
    List<ServerEvent> events = check("audio data as a number", utf8(json));
    assertEquals(2, events.size(), events.toString());
    assertInstanceOf(ServerEvent.Malformed.class, events.get(0));
    assertInstanceOf(ServerEvent.TurnComplete.class, events.get(1));
  }

  @Test
  void hugeBase64_decodesOrIsMalformedWithinItsField() {
    byte[] pcm = new byte[4 << 20];
    new Random(SEED).nextBytes(pcm);
    List<ServerEvent> audio = check("4 MiB of audio", utf8(ServerMessages.pretty(
        ServerMessages.audio(pcm))));
    assertEquals(pcm.length, ((ServerEvent.Audio) audio.get(0)).pcm().length);

    String notBase64 = "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{"
        + "\"mimeType\":\"audio/pcm;rate=24000\",\"data\":\"" + "!".repeat(6 << 20) + "\"}}]}}}";
    List<ServerEvent> bad = check("6 MB that is not base64", utf8(notBase64));
    assertTrue(((ServerEvent.Malformed) bad.get(0)).problem().startsWith(
        "serverContent.modelTurn.parts: IllegalArgumentException"), bad.toString());

    String wrapped = Base64.getMimeEncoder().encodeToString(new byte[1 << 20]);
    check("MIME base64 with line breaks", utf8("{\"serverContent\":{\"modelTurn\":{\"parts\":[{"
        + "\"inlineData\":{\"data\":\"" + wrapped.replace("\r\n", "\\r\\n") + "\"}}]}}}"));
    check("2 MB of text", utf8(ServerMessages.pretty(ServerMessages.text("a".repeat(2 << 20)))));
    StringBuilder parts = new StringBuilder("{\"serverContent\":{\"modelTurn\":{\"parts\":[");
    for (int i = 0; i < 10_000; i++) {
      parts.append(i == 0 ? "" : ",").append("{\"inlineData\":{\"data\":\"AAA=\"}}");
    }
    assertEquals(10_000, check("10000 audio parts", utf8(parts + "]}}}")).size());
  }

  @Test
  void deepNesting_isRefusedWithoutOverflowingTheStack() {
    for (int depth : new int[] {100, 999, 1000, 1001, 100_000}) {
      String arrays = "[".repeat(depth) + "]".repeat(depth);
      String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      check("arrays " + depth, utf8(arrays));
      check("objects " + depth, utf8(objects));
      check("args " + depth, utf8("{\"toolCall\":{\"functionCalls\":[{\"id\":\"1\",\"name\":"
          + "\"x\",\"args\":" + objects + "}]}}"));
      List<ServerEvent> inParts = check("parts " + depth, utf8("{\"serverContent\":{"
          + "\"modelTurn\":{\"parts\":[" + arrays + "]}}}"));
      if (depth > 990) {
        assertInstanceOf(ServerEvent.Malformed.class, inParts.get(0));
      }
    }
  }

  @Test
  void invalidUtf8InBinaryFrames_isOneMalformedEvent() throws IOException {
    Random r = new Random(SEED);
    List<String> seeds = seeds();
    for (int i = 0; i < 2000; i++) {
      byte[] valid = utf8(seeds.get(r.nextInt(seeds.size())));
      byte[] bad = NOT_UTF8[r.nextInt(NOT_UTF8.length)];
      int at = r.nextInt(valid.length + 1);
      byte[] frame = new byte[valid.length + bad.length];
      System.arraycopy(valid, 0, frame, 0, at);
      System.arraycopy(bad, 0, frame, at, bad.length);
      System.arraycopy(valid, at, frame, at + bad.length, valid.length - at);
      List<ServerEvent> events = check("invalid UTF-8 " + i, frame);
      assertEquals(List.of(new ServerEvent.Malformed("binary frame is not UTF-8 text")), events);
    }
  }

  @Test
  void frameOf16MiB_decodesAndRandomBytesOf16MiBAreMalformed() {
    byte[] frame = frameOf(16 << 20);
    List<ServerEvent> events = check("16 MiB audio frame", frame);
    assertInstanceOf(ServerEvent.Audio.class, events.get(0));
    byte[] noise = new byte[16 << 20];
    new Random(SEED).nextBytes(noise);
    check("16 MiB of random bytes", noise);
  }

  /** A pretty-printed audio message of exactly {@code size} bytes, as the service writes it. */
  static byte[] frameOf(int size) {
    String shell = ServerMessages.pretty(ServerMessages.audio(new byte[0]));
    int room = size - shell.length();
    int base64Chars = room / 4 * 4;
    String data = "A".repeat(base64Chars);
    String json = shell.replace("\"data\" : \"\"", "\"data\" : \"" + data + "\"");
    json = json + " ".repeat(size - json.length());
    byte[] out = utf8(json);
    assertEquals(size, out.length);
    return out;
  }

  @Test
  void randomBytesAndTokenSoup_neverThrow() {
    Random r = new Random(SEED);
    String[] tokens = {"{", "}", "[", "]", ":", ",", "\"serverContent\"", "\"modelTurn\"",
        "\"parts\"", "\"inlineData\"", "\"data\"", "\"toolCall\"", "\"goAway\"", "\"timeLeft\"",
        "\"1s\"", "null", "true", "1e400", "-0", "\"\\ud800\"", "\"\\u0000\"", " "};
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(2048)];
      r.nextBytes(b);
      check("random bytes " + i, b);
      StringBuilder soup = new StringBuilder();
      for (int t = r.nextInt(64); t > 0; t--) {
        soup.append(tokens[r.nextInt(tokens.length)]);
      }
      check("token soup " + i, utf8(soup.toString()));
    }
  }

  @Test
  void manyCases_heapAfterGcDoesNotGrow() throws IOException {
    Random r = new Random(SEED);
    List<String> seeds = seeds();
    for (int i = 0; i < 1000; i++) {
      check("warm-up " + i, Fuzz.mutate(utf8(seeds.get(r.nextInt(seeds.size()))), r));
    }
    long before = Fuzz.heapAfterGc();
    for (int i = 0; i < 8000; i++) {
      check("case " + i, Fuzz.mutate(utf8(seeds.get(r.nextInt(seeds.size()))), r));
    }
    long grewBytes = Fuzz.heapAfterGc() - before;
    assertTrue(grewBytes < (8 << 20), "heap grew by " + (grewBytes >> 10) + " KiB over 8000 "
        + "cases");
  }
}
