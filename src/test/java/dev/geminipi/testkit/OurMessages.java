package dev.geminipi.testkit;

import com.eclipsesource.json.Json;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.GeminiConfig.ActivityDetection;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.AudioMessageEncoder;
import dev.geminipi.live.ClientMessages;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every kind of message our client builds, each from the real builders, for the referee
 * tests: one setup with nothing configured, one with everything, and each later message.
 */
public final class OurMessages {
  /**
   * A message sent after setup.
   *
   * @param activityDetection the setup it needs (activity signals need manual, §9)
   * @param toolCalls how many calls must be pending; the message answers their ids
   * @param build the message, given those ids
   */
  public record Sample(String name, ActivityDetection activityDetection, int toolCalls,
      Function<List<String>, String> build) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A 20 ms chunk inside a larger capture buffer; 640 is not a multiple of 3 (padding). */
  public static final int OFFSET = 30;
  public static final int LENGTH = 640;
  private static final int CAPTURE_BYTES = 700;

  private OurMessages() {
  }

  /** {@code {}} as the config: the defaults. */
  public static String setupDefaults() {
    return ClientMessages.setup(GeminiConfig.defaults(), List.of(), Optional.empty());
  }

  /** The defaults, with this kind of activity detection. */
  public static String setup(ActivityDetection activityDetection) {
    return ClientMessages.setup(GeminiConfigBuilder.gemini().activityDetection(activityDetection)
        .build(), List.of(), Optional.empty());
  }

  /** Every gemini key set, three kinds of function, resuming with this handle. */
  public static String setupFull(String handle) {
    return ClientMessages.setup(full(), functions(), Optional.of(handle));
  }

  public static GeminiConfig full() {
    return GeminiConfigBuilder.gemini().voice("Kore").languageCode("de-DE")
        .systemInstruction("Answer in one \"short\" sentence.\nNever read JSON aloud.")
        .transcription(true).googleSearch(true).activityDetection(ActivityDetection.MANUAL)
        .build();
  }

  public static List<FunctionDeclaration> functions() {
    return List.of(
        new FunctionDeclaration("set_lamp", "Switch the desk lamp", Optional.of(Json.parse("""
            {"type": "OBJECT", "properties": {"on": {"type": "BOOLEAN",
              "description": "true for on"}}, "required": ["on"]}""").asObject()),
            ToolConfig.Behavior.NON_BLOCKING),
        new FunctionDeclaration("set_fan", "Set the fan", Optional.of(Json.parse("""
            {"type": "OBJECT", "properties": {
              "mode": {"type": "STRING", "enum": ["low", "high", "auto"]},
              "speed": {"type": "NUMBER", "minimum": 0, "maximum": 1.5},
              "minutes": {"type": "INTEGER", "description": "0 = until told"}},
             "required": ["mode"]}""").asObject()), ToolConfig.Behavior.NON_BLOCKING),
        new FunctionDeclaration("read_door", "Is the front door open?", Optional.empty(),
            ToolConfig.Behavior.BLOCKING));
  }

  /** Each later message our client builds. */
  public static List<Sample> afterSetup() {
    byte[] pcm = capture();
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F',
        0, (byte) 0xFF, (byte) 0xD9};
    return List.of(
        sample("audio, whole array", ids -> ClientMessages.audio(pcm, 0, pcm.length)),
        sample("audio, slice", ids -> ClientMessages.audio(pcm, OFFSET, LENGTH)),
        sample("audio, encoder slice", ids -> ascii(new AudioMessageEncoder().encode(pcm,
            OFFSET, LENGTH))),
        // The encoder reuses its buffer: a shorter chunk after a longer one must not carry
        // the longer one's tail.
        sample("audio, encoder shorter after longer", ids -> {
          AudioMessageEncoder e = new AudioMessageEncoder();
          e.encode(pcm, 0, pcm.length);
          return ascii(e.encode(pcm, OFFSET, 320));
        }),
        sample("video", ids -> ClientMessages.video(jpeg)),
        sample("text", ids -> ClientMessages.text("Turn on the \"lamp\",\nbitte — ☀ \\ ok")),
        sample("user turn", ids -> ClientMessages.userTurn("[event] The \"doorbell\" rang.")),
        new Sample("activityStart", ActivityDetection.MANUAL, 0,
            ids -> ClientMessages.activityStart()),
        new Sample("activityEnd", ActivityDetection.MANUAL, 0,
            ids -> ClientMessages.activityEnd()),
        sample("audioStreamEnd", ids -> ClientMessages.audioStreamEnd()),
        new Sample("toolResponse, three incl. an error", ActivityDetection.SERVER, 3,
            OurMessages::toolResponse));
  }

  /** Answers to set_lamp, set_fan and read_door, the last one failed. */
  public static String toolResponse(List<String> ids) {
    return ClientMessages.toolResponse(GeminiConfig.defaults().rules(), List.of(
        new FunctionResponse(ids.get(0), "set_lamp", Outcome.ok("set_lamp is on now")
            .set("on", true), Optional.of(ToolConfig.Scheduling.WHEN_IDLE)),
        new FunctionResponse(ids.get(1), "set_fan", Json.parse(
            "{\"result\": {\"mode\": \"auto\", \"speed\": 0.75, \"minutes\": 10, \"tags\": []}}")
            .asObject(), Optional.of(ToolConfig.Scheduling.SILENT)),
        FunctionResponse.blocking(ids.get(2), "read_door", Outcome.error(
            Outcome.Status.HARDWARE_FAULT, false, "read_door: GPIO 17 is not readable"))));
  }

  /** The capture buffer the audio samples are cut from: a fresh copy each call. */
  public static byte[] capture() {
    byte[] b = new byte[CAPTURE_BYTES];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 37 + 11);
    }
    return b;
  }

  /** The bytes an audio sample carries. */
  public static byte[] slice(int offset, int length) {
    return Arrays.copyOfRange(capture(), offset, offset + length);
  }

  private static Sample sample(String name, Function<List<String>, String> build) {
    return new Sample(name, ActivityDetection.SERVER, 0, build);
  }

  private static String ascii(byte[] json) {
    return new String(json, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
