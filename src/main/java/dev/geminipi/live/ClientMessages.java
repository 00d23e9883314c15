package dev.geminipi.live;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.GeminiConfig;
import dev.geminipi.config.LiveModel;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The one place that writes client messages. Each has exactly one top-level key
 * (docs/protocol.md §2), and empty fields are left out rather than sent empty, since the
 * service refuses {@code tools: []} and {@code handle: null} (§10).
 */
public final class ClientMessages {
  /** Microphone audio is always 16 kHz mono s16le (§7). */
  public static final String AUDIO_MIME = "audio/pcm;rate=16000";

  private ClientMessages() {
  }

  /**
   * Says that video frames join the turn whatever the voice does. Frames are sent only when
   * the model asked for one or stream mode is on, so every frame sent is wanted; the narrower
   * TURN_INCLUDES_ONLY_ACTIVITY would drop a {@code look} frame that lands after the user
   * stopped speaking. 3.8's default says the same, but defaults have changed between models
   * (docs/live-models.md), so it goes out explicitly.
   */
  static final String TURN_COVERAGE = "TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO";

  /** The first message of a connection: only the fields the model takes ({@link LiveModel}). */
  public static String setup(GeminiConfig gemini, List<FunctionDeclaration> functions,
      Optional<String> resumptionHandle) {
    LiveModel rules = gemini.rules();
    JsonObject setup = new JsonObject();
    setup.set("model", gemini.model());
    JsonObject generation = new JsonObject()
        .set("responseModalities", new JsonArray().add("AUDIO"));
    JsonObject speech = new JsonObject();
    if (!gemini.voice().isBlank()) {
      speech.set("voiceConfig", new JsonObject().set("prebuiltVoiceConfig",
          new JsonObject().set("voiceName", gemini.voice())));
    }
    if (!gemini.languageCode().isBlank() && rules.takes(LiveModel.SetupField.LANGUAGE_CODE)) {
      speech.set("languageCode", gemini.languageCode());
    }
    if (!speech.isEmpty()) {
      generation.set("speechConfig", speech);
    }
    setup.set("generationConfig", generation);
    if (!gemini.systemInstruction().isBlank()) {
      setup.set("systemInstruction", new JsonObject().set("parts",
          new JsonArray().add(new JsonObject().set("text", gemini.systemInstruction()))));
    }
    JsonArray tools = new JsonArray();
    if (!functions.isEmpty()) {
      JsonArray declarations = new JsonArray();
      for (FunctionDeclaration f : functions) {
        declarations.add(declaration(f, rules));
      }
      tools.add(new JsonObject().set("functionDeclarations", declarations));
    }
    if (gemini.googleSearch()) {
      tools.add(new JsonObject().set("googleSearch", new JsonObject()));
    }
    if (!tools.isEmpty()) {
      setup.set("tools", tools);
    }
    JsonObject realtime = realtimeInputConfig(gemini, rules);
    if (!realtime.isEmpty()) {
      setup.set("realtimeInputConfig", realtime);
    }
    if (gemini.sessionResumption()) {
      JsonObject resumption = new JsonObject();
      resumptionHandle.filter(h -> !h.isEmpty()).ifPresent(h -> resumption.set("handle", h));
      setup.set("sessionResumption", resumption);
    }
    if (gemini.contextCompression()) {
      // {"slidingWindow": {}} takes the service defaults: trigger at 80% of the window (§3.1).
      setup.set("contextWindowCompression", new JsonObject().set("slidingWindow",
          new JsonObject()));
    }
    if (gemini.transcription()) {
      setup.set("inputAudioTranscription", new JsonObject());
      setup.set("outputAudioTranscription", new JsonObject());
    }
    return new JsonObject().set("setup", setup).toString();
  }

  private static JsonObject realtimeInputConfig(GeminiConfig gemini, LiveModel rules) {
    JsonObject config = new JsonObject();
    JsonObject detection = new JsonObject();
    if (gemini.activityDetection() == GeminiConfig.ActivityDetection.MANUAL) {
      detection.set("disabled", true);
    } else {
      GeminiConfig.Vad vad = gemini.vad();
      if (vad.startOfSpeechSensitivity() != GeminiConfig.Sensitivity.HIGH) {
        detection.set("startOfSpeechSensitivity", "START_SENSITIVITY_"
            + vad.startOfSpeechSensitivity());
      }
      if (vad.endOfSpeechSensitivity() != GeminiConfig.Sensitivity.HIGH) {
        detection.set("endOfSpeechSensitivity", "END_SENSITIVITY_" + vad.endOfSpeechSensitivity());
      }
      if (vad.prefixPaddingMs() > 0) {
        detection.set("prefixPaddingMs", vad.prefixPaddingMs());
      }
      if (vad.silenceDurationMs() > 0) {
        detection.set("silenceDurationMs", vad.silenceDurationMs());
      }
    }
    if (!detection.isEmpty()) {
      config.set("automaticActivityDetection", detection);
    }
    if (rules.takes(LiveModel.SetupField.TURN_COVERAGE)) {
      config.set("turnCoverage", TURN_COVERAGE);
    }
    return config;
  }

  private static JsonObject declaration(FunctionDeclaration f, LiveModel rules) {
    JsonObject d = new JsonObject().set("name", f.name()).set("description", f.description());
    f.parameters().ifPresent(p -> d.set("parameters", p));
    if (rules.takes(LiveModel.SetupField.FUNCTION_BEHAVIOR)) {
      d.set("behavior", f.behavior().name());
    }
    return d;
  }

  /** Mic audio; the capture path uses {@link AudioMessageEncoder}, which allocates less. */
  public static String audio(byte[] pcm, int offset, int length) {
    byte[] slice = offset == 0 && length == pcm.length ? pcm
        : java.util.Arrays.copyOfRange(pcm, offset, offset + length);
    return realtime("audio", blob(AUDIO_MIME, Base64.getEncoder().encodeToString(slice)));
  }

  /** A camera still. */
  public static String video(byte[] jpeg) {
    return realtime("video", blob("image/jpeg", Base64.getEncoder().encodeToString(jpeg)));
  }

  /** Text into the conversation; on 3.1 models the only way after setup. */
  public static String text(String text) {
    return realtime("text", Json.value(text));
  }

  /**
   * A user's turn with a role, complete: the model answers it at once. On 3.8 this is the
   * documented way to put text in mid-session, and it interrupts a model that is speaking,
   * so the conversation sends it only between turns (docs/live-models.md).
   */
  public static String userTurn(String text) {
    JsonObject turn = new JsonObject().set("role", "user")
        .set("parts", new JsonArray().add(new JsonObject().set("text", text)));
    return new JsonObject().set("clientContent", new JsonObject()
        .set("turns", new JsonArray().add(turn)).set("turnComplete", true)).toString();
  }

  /** Push-to-talk: the user starts speaking (manual activity detection only, §9). */
  public static String activityStart() {
    return realtime("activityStart", new JsonObject());
  }

  /** Push-to-talk: the user has finished speaking. */
  public static String activityEnd() {
    return realtime("activityEnd", new JsonObject());
  }

  /** The microphone paused (server VAD only), so the service flushes what it holds (§9). */
  public static String audioStreamEnd() {
    return realtime("audioStreamEnd", Json.TRUE);
  }

  /**
   * Answers to function calls, ids copied from the call. {@code scheduling} goes only to
   * models with non-blocking calls; it is spelled INTERRUPT on the wire, whatever some pages
   * write (docs/live-models.md).
   */
  public static String toolResponse(LiveModel rules, List<FunctionResponse> responses) {
    JsonArray list = new JsonArray();
    for (FunctionResponse r : responses) {
      JsonObject o = new JsonObject().set("id", r.id()).set("name", r.name())
          .set("response", r.response());
      if (rules.calls() != LiveModel.Calls.BLOCKING_ONLY) {
        r.scheduling().ifPresent(s -> o.set("scheduling", s.name()));
      }
      list.add(o);
    }
    return new JsonObject().set("toolResponse",
        new JsonObject().set("functionResponses", list)).toString();
  }

  private static JsonObject blob(String mime, String base64) {
    return new JsonObject().set("mimeType", mime).set("data", base64);
  }

  private static String realtime(String field, JsonValue value) {
    return new JsonObject().set("realtimeInput", new JsonObject().set(field, value)).toString();
  }
}
