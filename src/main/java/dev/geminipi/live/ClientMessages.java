package dev.geminipi.live;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.GeminiConfig;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The one place that writes client messages. Each has exactly one top-level key
 * (docs/live-protocol.md §2), and empty fields are left out rather than sent empty, since the
 * service refuses {@code tools: []} and {@code handle: null} (§10).
 */
public final class ClientMessages {
  /** Microphone audio is always 16 kHz mono s16le (§7). */
  public static final String AUDIO_MIME = "audio/pcm;rate=16000";

  private ClientMessages() {
  }

  /** The first message of a connection. */
  public static String setup(GeminiConfig gemini, List<FunctionDeclaration> functions,
      Optional<String> resumptionHandle) {
    JsonObject setup = new JsonObject();
    setup.set("model", gemini.model());
    JsonObject generation = new JsonObject()
        .set("responseModalities", new JsonArray().add("AUDIO"));
    JsonObject speech = new JsonObject();
    if (!gemini.voice().isBlank()) {
      speech.set("voiceConfig", new JsonObject().set("prebuiltVoiceConfig",
          new JsonObject().set("voiceName", gemini.voice())));
    }
    if (!gemini.languageCode().isBlank()) {
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
        declarations.add(declaration(f));
      }
      tools.add(new JsonObject().set("functionDeclarations", declarations));
    }
    if (gemini.googleSearch()) {
      tools.add(new JsonObject().set("googleSearch", new JsonObject()));
    }
    if (!tools.isEmpty()) {
      setup.set("tools", tools);
    }
    if (gemini.activityDetection() == GeminiConfig.ActivityDetection.MANUAL) {
      setup.set("realtimeInputConfig", new JsonObject().set("automaticActivityDetection",
          new JsonObject().set("disabled", true)));
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

  private static JsonObject declaration(FunctionDeclaration f) {
    JsonObject d = new JsonObject().set("name", f.name()).set("description", f.description());
    f.parametersJson().ifPresent(p -> d.set("parameters", Json.parse(p)));
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

  /** Text into the conversation; on 3.1 models the only way after setup (§3.2). */
  public static String text(String text) {
    return realtime("text", Json.value(text));
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

  /** Answers to function calls, ids copied from the call. */
  public static String toolResponse(List<FunctionResponse> responses) {
    JsonArray list = new JsonArray();
    for (FunctionResponse r : responses) {
      list.add(new JsonObject().set("id", r.id()).set("name", r.name())
          .set("response", Json.parse(r.responseJson())));
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
