package dev.geminipi.testkit;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.WriterConfig;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Server-to-client messages as the service writes them (docs/protocol.md §5). */
public final class ServerMessages {
  private ServerMessages() {
  }

  /** Pretty-printed with 2-space indents and a trailing newline, like the service (§5). */
  public static String pretty(JsonObject message) {
    return message.toString(WriterConfig.PRETTY_PRINT).replaceAll("\\{\\s+}", "{}")
        .replaceAll("\\[\\s+]", "[]") + "\n";
  }

  public static JsonObject setupComplete() {
    return new JsonObject().add("setupComplete", new JsonObject());
  }

  public static JsonObject audio(byte[] pcm24k) {
    return content(new JsonObject().add("modelTurn", new JsonObject().add("parts",
        new JsonArray().add(new JsonObject().add("inlineData", new JsonObject()
            .add("mimeType", "audio/pcm;rate=24000")
            .add("data", Base64.getEncoder().encodeToString(pcm24k)))))));
  }

  public static JsonObject text(String text) {
    return content(new JsonObject().add("modelTurn", new JsonObject().add("parts",
        new JsonArray().add(new JsonObject().add("text", text)))));
  }

  public static JsonObject outputTranscript(String text) {
    return content(new JsonObject().add("outputTranscription", new JsonObject().add("text", text)));
  }

  public static JsonObject inputTranscript(String text) {
    return content(new JsonObject().add("inputTranscription", new JsonObject().add("text", text)));
  }

  public static JsonObject interrupted() {
    return content(new JsonObject().add("interrupted", true));
  }

  public static JsonObject generationComplete() {
    return content(new JsonObject().add("generationComplete", true));
  }

  public static JsonObject turnComplete() {
    return content(new JsonObject().add("turnComplete", true))
        .add("usageMetadata", new JsonObject().add("promptTokenCount", 515)
            .add("responseTokenCount", 38).add("totalTokenCount", 553));
  }

  /** One toolCall; the arguments come in threes: id, name, args as JSON. */
  public static JsonObject toolCall(String... idNameArgs) {
    JsonArray calls = new JsonArray();
    for (int i = 0; i + 2 < idNameArgs.length; i += 3) {
      calls.add(new JsonObject().add("name", idNameArgs[i + 1])
          .add("args", Json.parse(idNameArgs[i + 2])).add("id", idNameArgs[i]));
    }
    return new JsonObject().add("toolCall", new JsonObject().add("functionCalls", calls));
  }

  public static JsonObject toolCallCancellation(List<String> ids) {
    JsonArray a = new JsonArray();
    ids.forEach(a::add);
    return new JsonObject().add("toolCallCancellation", new JsonObject().add("ids", a));
  }

  public static JsonObject goAway(Duration timeLeft) {
    String seconds = timeLeft.toMillis() % 1000 == 0 ? (timeLeft.toMillis() / 1000) + "s"
        : String.format(java.util.Locale.ROOT, "%.3fs", timeLeft.toMillis() / 1000.0);
    return new JsonObject().add("goAway", new JsonObject().add("timeLeft", seconds));
  }

  public static JsonObject resumptionUpdate(String handle, boolean resumable) {
    JsonObject u = new JsonObject();
    if (resumable) {
      u.add("newHandle", handle);
    }
    u.add("resumable", resumable);
    return new JsonObject().add("sessionResumptionUpdate", u);
  }

  private static JsonObject content(JsonObject inner) {
    return new JsonObject().add("serverContent", inner);
  }
}
