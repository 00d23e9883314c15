package dev.geminipi.testkit;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The strictness of the real service, as docs/protocol.md §2, §3 and §11 describe it:
 * proto3 JSON with unknown names refused (1007 with the service's own wording), one
 * top-level field per message, and the 3.1 model's refusals. Names are matched in
 * lowerCamel and snake_case alike, as the service does.
 */
final class LiveRules {
  /** Why the server closes: the code and the reason it sends. */
  record Rejection(int code, String reason) {
  }

  private static final Set<String> MESSAGE_KEYS =
      Set.of("setup", "clientContent", "realtimeInput", "toolResponse");
  private static final Set<String> SCHEMA_TYPES =
      Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL");

  /**
   * The message schema: for each path, the names allowed below it. "*" marks a free-form
   * object (function parameters are checked separately, args and responses are any JSON).
   */
  private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("setup", Set.of("model", "generationConfig", "systemInstruction", "tools",
          "realtimeInputConfig", "sessionResumption", "contextWindowCompression",
          "inputAudioTranscription", "outputAudioTranscription", "proactivity",
          "historyConfig")),
      Map.entry("setup.generationConfig", Set.of("responseModalities", "temperature", "topP",
          "topK", "maxOutputTokens", "seed", "candidateCount", "presencePenalty",
          "frequencyPenalty", "mediaResolution", "speechConfig", "thinkingConfig",
          "enableAffectiveDialog", "translationConfig")),
      Map.entry("setup.generationConfig.speechConfig", Set.of("voiceConfig", "languageCode",
          "multiSpeakerVoiceConfig")),
      Map.entry("setup.generationConfig.speechConfig.voiceConfig",
          Set.of("prebuiltVoiceConfig")),
      Map.entry("setup.generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig",
          Set.of("voiceName")),
      Map.entry("setup.generationConfig.thinkingConfig", Set.of("thinkingBudget",
          "includeThoughts", "thinkingLevel")),
      Map.entry("setup.generationConfig.translationConfig", Set.of("targetLanguageCode",
          "echoTargetLanguage")),
      Map.entry("setup.systemInstruction", Set.of("role", "parts")),
      Map.entry("setup.systemInstruction.parts", Set.of("text")),
      Map.entry("setup.tools", Set.of("functionDeclarations", "googleSearch", "codeExecution",
          "urlContext", "googleSearchRetrieval")),
      Map.entry("setup.tools.functionDeclarations", Set.of("name", "description",
          "parameters", "parametersJsonSchema", "behavior", "response")),
      Map.entry("setup.tools.googleSearch", Set.of()),
      Map.entry("setup.tools.codeExecution", Set.of()),
      Map.entry("setup.tools.urlContext", Set.of()),
      Map.entry("setup.realtimeInputConfig", Set.of("automaticActivityDetection",
          "activityHandling", "turnCoverage")),
      Map.entry("setup.realtimeInputConfig.automaticActivityDetection", Set.of("disabled",
          "startOfSpeechSensitivity", "endOfSpeechSensitivity", "prefixPaddingMs",
          "silenceDurationMs")),
      Map.entry("setup.sessionResumption", Set.of("handle", "transparent")),
      Map.entry("setup.contextWindowCompression", Set.of("triggerTokens", "slidingWindow")),
      Map.entry("setup.contextWindowCompression.slidingWindow", Set.of("targetTokens")),
      Map.entry("setup.inputAudioTranscription", Set.of()),
      Map.entry("setup.outputAudioTranscription", Set.of()),
      Map.entry("setup.proactivity", Set.of("proactiveAudio")),
      Map.entry("setup.historyConfig", Set.of("initialHistoryInClientContent")),
      Map.entry("clientContent", Set.of("turns", "turnComplete")),
      Map.entry("clientContent.turns", Set.of("role", "parts")),
      Map.entry("clientContent.turns.parts", Set.of("text", "inlineData")),
      Map.entry("clientContent.turns.parts.inlineData", Set.of("mimeType", "data")),
      Map.entry("realtimeInput", Set.of("audio", "video", "text", "activityStart",
          "activityEnd", "audioStreamEnd", "mediaChunks")),
      Map.entry("realtimeInput.audio", Set.of("mimeType", "data")),
      Map.entry("realtimeInput.video", Set.of("mimeType", "data")),
      Map.entry("realtimeInput.mediaChunks", Set.of("mimeType", "data")),
      Map.entry("realtimeInput.activityStart", Set.of()),
      Map.entry("realtimeInput.activityEnd", Set.of()),
      Map.entry("toolResponse", Set.of("functionResponses")),
      Map.entry("toolResponse.functionResponses", Set.of("id", "name", "response",
          "scheduling", "willContinue", "parts")),
      Map.entry("toolResponse.functionResponses.response", Set.of("*")));

  /** The wire's FunctionResponse.scheduling values; "INTERRUPTED" is not one of them. */
  static final Set<String> SCHEDULING = Set.of("SCHEDULING_UNSPECIFIED", "SILENT", "WHEN_IDLE",
      "INTERRUPT");

  private LiveRules() {
  }

  /**
   * What each model refuses in a setup that the schema allows (docs/live-models.md): 3.8
   * has no thinkingConfig, no proactivity switch and no affective dialog, and answers only in
   * AUDIO; 3.8 Extended Thinking also needs LOW/MEDIUM/HIGH thinking and takes no BLOCKING
   * function; 3.1 has neither proactivity nor affective dialog and runs calls blocking only.
   * Kept apart from the client's own table on purpose, so a test can catch the table wrong.
   */
  static Optional<Rejection> checkModel(String model, JsonObject setup) {
    JsonObject generation = object(setup, "generationConfig");
    boolean et = model.contains("gemini-3.8-live-extended-thinking");
    boolean is38 = model.contains("gemini-3.8-live");
    boolean is31 = model.contains("gemini-3.1");
    if (is38 || is31) {
      if (generation.get("enableAffectiveDialog") != null) {
        return Optional.of(invalid("enable_affective_dialog is not supported by " + model));
      }
      if (setup.get("proactivity") != null && (is31 || is38)) {
        return Optional.of(invalid("proactivity is not supported by " + model));
      }
    }
    if (is38) {
      JsonValue modalities = generation.get("responseModalities");
      if (modalities != null && !modalities.toString().equals("[\"AUDIO\"]")) {
        return Optional.of(invalid("only AUDIO is a supported response modality"));
      }
      JsonValue thinking = generation.get("thinkingConfig");
      if (!et && thinking != null) {
        return Optional.of(invalid("thinking_config is not supported by " + model));
      }
      if (et && (thinking == null || !Set.of("LOW", "MEDIUM", "HIGH").contains(
          thinking.asObject().getString("thinkingLevel", "")))) {
        return Optional.of(invalid("thinking_level must be LOW, MEDIUM or HIGH"));
      }
    }
    for (String behavior : behaviors(setup)) {
      if (et && behavior.equals("BLOCKING")) {
        return Optional.of(invalid("BLOCKING function calls are not supported by " + model));
      }
      if (is31 && behavior.equals("NON_BLOCKING")) {
        return Optional.of(invalid("NON_BLOCKING function calls are not supported by "
            + model));
      }
    }
    return Optional.empty();
  }

  private static JsonObject object(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v != null && v.isObject() ? v.asObject() : new JsonObject();
  }

  private static java.util.List<String> behaviors(JsonObject setup) {
    java.util.List<String> out = new java.util.ArrayList<>();
    JsonValue tools = setup.get("tools");
    if (tools == null || !tools.isArray()) {
      return out;
    }
    for (JsonValue t : tools.asArray()) {
      JsonValue list = t.asObject().get("functionDeclarations");
      if (list != null && list.isArray()) {
        for (JsonValue d : list.asArray()) {
          out.add(d.asObject().getString("behavior", ""));
        }
      }
    }
    return out;
  }

  /** snake_case to lowerCamel, the two spellings proto3 JSON accepts (§2). */
  static String camel(String name) {
    StringBuilder b = new StringBuilder(name.length());
    boolean up = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  /** A copy with every key of the known schema in lowerCamel. */
  static JsonObject normalize(JsonObject o, String path) {
    JsonObject out = new JsonObject();
    boolean free = FIELDS.getOrDefault(path, Set.of()).contains("*")
        || path.endsWith(".parameters") || path.endsWith(".parametersJsonSchema");
    for (JsonObject.Member m : o) {
      String name = free ? m.getName() : camel(m.getName());
      out.add(name, normalize(m.getValue(), path.isEmpty() ? name : path + "." + name));
    }
    return out;
  }

  private static JsonValue normalize(JsonValue v, String path) {
    if (v.isObject()) {
      return normalize(v.asObject(), path);
    }
    if (v.isArray()) {
      JsonArray a = new JsonArray();
      for (JsonValue item : v.asArray()) {
        a.add(normalize(item, path));
      }
      return a;
    }
    return v;
  }

  /** The top-level key of a normalized message, or the rejection for a bad envelope. */
  static Optional<Rejection> checkEnvelope(JsonObject message) {
    if (message.size() != 1) {
      // Short, so "got [...]" survives the 123-byte close reason (it was cut at "toolRe").
      return Optional.of(invalid("exactly one top-level field per message; got "
          + message.names()));
    }
    String key = message.names().get(0);
    if (!MESSAGE_KEYS.contains(key)) {
      return Optional.of(unknownName(key, ""));
    }
    return Optional.empty();
  }

  /** Unknown names, wrong shapes and empty fields, anywhere in the message. */
  static Optional<Rejection> checkFields(JsonObject message) {
    String key = message.names().get(0);
    return walk(message.get(key), key);
  }

  private static Optional<Rejection> walk(JsonValue v, String path) {
    Set<String> allowed = FIELDS.get(path);
    if (v.isArray()) {
      if (v.asArray().isEmpty() && (path.equals("setup.tools")
          || path.endsWith("functionDeclarations"))) {
        return Optional.of(invalid("empty list at '" + snake(path) + "'"));
      }
      for (JsonValue item : v.asArray()) {
        Optional<Rejection> r = walk(item, path);
        if (r.isPresent()) {
          return r;
        }
      }
      return Optional.empty();
    }
    if (v.isNull()) {
      return Optional.of(invalid("null value at '" + snake(path) + "'"));
    }
    if (allowed == null || allowed.contains("*") || !v.isObject()) {
      if (allowed != null && !allowed.contains("*") && !v.isObject()) {
        return Optional.of(invalid("Invalid value at '" + snake(path) + "', expected an object"));
      }
      return Optional.empty();
    }
    for (JsonObject.Member m : v.asObject()) {
      if (!allowed.contains(m.getName())) {
        return Optional.of(unknownName(m.getName(), snake(path)));
      }
      String child = path + "." + m.getName();
      if (m.getName().equals("parameters") && path.endsWith("functionDeclarations")) {
        Optional<Rejection> r = checkSchema(m.getValue(), snake(child));
        if (r.isPresent()) {
          return r;
        }
        continue;
      }
      Optional<Rejection> r = walk(m.getValue(), child);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** The OpenAPI subset with UPPERCASE types that function parameters use (§3.1). */
  static Optional<Rejection> checkSchema(JsonValue schema, String path) {
    if (!schema.isObject()) {
      return Optional.of(invalid("Invalid value at '" + path + "', expected a Schema object"));
    }
    Set<String> allowed = Set.of("type", "description", "properties", "required", "enum",
        "items", "minimum", "maximum", "nullable", "format", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "default", "title", "anyOf", "propertyOrdering",
        "example", "minProperties", "maxProperties");
    JsonObject o = schema.asObject();
    for (String name : o.names()) {
      if (!allowed.contains(name)) {
        return Optional.of(unknownName(name, path));
      }
    }
    JsonValue type = o.get("type");
    if (type != null && (!type.isString() || !SCHEMA_TYPES.contains(type.asString()))) {
      return Optional.of(invalid("Invalid value at '" + path + ".type' (type.googleapis.com/"
          + "google.ai.generativelanguage.v1beta.Type), " + type));
    }
    JsonValue props = o.get("properties");
    if (props != null) {
      if (!props.isObject()) {
        return Optional.of(invalid("Invalid value at '" + path + ".properties'"));
      }
      for (JsonObject.Member m : props.asObject()) {
        Optional<Rejection> r = checkSchema(m.getValue(), path + ".properties[" + m.getName()
            + "].value");
        if (r.isPresent()) {
          return r;
        }
      }
    }
    JsonValue items = o.get("items");
    if (items != null) {
      return checkSchema(items, path + ".items");
    }
    return Optional.empty();
  }

  /** audio/pcm[;rate=N] with even-length base64 PCM; image/jpeg for video (§11.6). */
  static Optional<Rejection> checkBlob(JsonObject blob, String kind) {
    String mime = blob.getString("mimeType", "");
    String data = blob.getString("data", "");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      return Optional.of(invalid("Invalid value at 'realtime_input." + kind
          + ".data' (TYPE_BYTES), Base64 decoding failed"));
    }
    if (kind.equals("audio")) {
      if (!mime.matches("audio/pcm(;rate=\\d+)?")) {
        return Optional.of(invalid("unsupported audio mime type " + mime));
      }
      if (bytes.length % 2 != 0) {
        return Optional.of(invalid("audio data has an odd number of bytes: " + bytes.length));
      }
    } else if (!mime.equals("image/jpeg")) {
      return Optional.of(invalid("unsupported video mime type " + mime));
    }
    return Optional.empty();
  }

  static Rejection invalid(String detail) {
    // The real service says only "Request contains an invalid argument."; the detail helps
    // a failing test say what was wrong, and stays inside the 123-byte reason limit.
    // No detail: exactly the service's text, with no trailing space (docs/protocol.md §3.2).
    return new Rejection(1007, truncate(("Request contains an invalid argument. " + detail)
        .strip()));
  }

  static Rejection unknownName(String name, String at) {
    return new Rejection(1007, truncate("Invalid JSON payload received. Unknown name \"" + name
        + "\"" + (at.isEmpty() ? "" : " at '" + at + "'") + ": Cannot find field."));
  }

  /** Close reasons are limited to 123 bytes by RFC 6455. */
  static String truncate(String reason) {
    return reason.length() <= 123 ? reason : reason.substring(0, 123);
  }

  static String snake(String path) {
    StringBuilder b = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
