package dev.geminipi.live;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that reads server messages. Text and binary frames (the service sends
 * binary: docs/protocol.md §6) decode the same way; every part of a message becomes an
 * event, in the order a player needs them: speech and text, transcripts, then interrupted,
 * generationComplete and turnComplete. Nothing here throws on bad input: a broken field
 * becomes {@link ServerEvent.Malformed} and the rest of the message still counts.
 */
public final class ServerEventDecoder {
  static final int DEFAULT_AUDIO_RATE_HZ = 24_000;

  /** Fields the service sends that the daemon has no use for; not worth a log line. */
  private static final Set<String> IGNORED_CONTENT = Set.of("groundingMetadata",
      "urlContextMetadata", "waitingForInput", "interactionStatus", "interimInputTranscription",
      "turnCompleteReason");

  public List<ServerEvent> decode(ByteBuffer frame) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(frame).toString();
    } catch (CharacterCodingException e) {
      return List.of(new ServerEvent.Malformed("binary frame is not UTF-8 text"));
    }
    return decode(text);
  }

  public List<ServerEvent> decode(String json) {
    JsonValue root;
    try {
      root = Json.parse(json);
    } catch (ParseException e) {
      return List.of(new ServerEvent.Malformed("not JSON: " + e.getMessage()));
    } catch (RuntimeException e) {
      // minimal-json throws a StackOverflowError-free ParseException for deep nesting, but an
      // odd number can still raise NumberFormatException deep inside; treat it all as bad input.
      return List.of(new ServerEvent.Malformed("not JSON: " + e));
    }
    if (!root.isObject()) {
      return List.of(new ServerEvent.Malformed("message is not a JSON object"));
    }
    JsonObject message = root.asObject();
    List<ServerEvent> out = new ArrayList<>(4);
    for (String field : message.names()) {
      JsonValue value = message.get(field);
      try {
        if (value.isNull()) {
          out.add(new ServerEvent.Unknown(field + " (null)"));
          continue;
        }
        switch (field) {
          case "setupComplete" -> out.add(new ServerEvent.SetupComplete(
              optionalString(value.asObject(), "sessionId"), false));
          case "serverContent" -> serverContent(value.asObject(), out);
          case "toolCall" -> toolCall(value.asObject(), out);
          case "toolCallCancellation" -> out.add(new ServerEvent.ToolCallCancellation(
              strings(value.asObject().get("ids"))));
          case "goAway" -> out.add(new ServerEvent.GoAway(
              duration(value.asObject().getString("timeLeft", "0s"))));
          case "sessionResumptionUpdate" -> out.add(resumption(value.asObject()));
          case "usageMetadata" -> out.add(usage(value.asObject()));
          case "voiceActivity" -> out.add(new ServerEvent.VoiceActivity(
              value.asObject().getString("type", "")));
          case "voiceActivityDetectionSignal" -> out.add(new ServerEvent.VoiceActivity(
              value.asObject().getString("vadSignalType", "")));
          default -> out.add(new ServerEvent.Unknown(field));
        }
      } catch (RuntimeException e) {
        // UnsupportedOperationException (wrong JSON type), NumberFormatException,
        // IllegalArgumentException (bad base64 or duration), NullPointerException (missing).
        out.add(new ServerEvent.Malformed(field + ": " + plain(e)));
      }
    }
    // usageMetadata may ride along with turnComplete; keep it after the content events.
    return out;
  }

  private void serverContent(JsonObject content, List<ServerEvent> out) {
    // Each piece is guarded on its own: a bad audio part must not cost the turnComplete.
    guard("serverContent.modelTurn", out, () -> {
      JsonValue turn = content.get("modelTurn");
      JsonValue parts = turn == null || turn.isNull() ? null : turn.asObject().get("parts");
      if (parts != null && !parts.isNull()) {
        for (JsonValue part : parts.asArray()) {
          guard("serverContent.modelTurn.parts", out, () -> part(part.asObject(), out));
        }
      }
    });
    guard("serverContent.inputTranscription", out, () -> {
      JsonValue in = content.get("inputTranscription");
      if (in != null && !in.isNull()) {
        String text = in.asObject().getString("text", "");
        boolean finished = in.asObject().getBoolean("finished", false);
        if (!text.isEmpty() || finished) {
          out.add(new ServerEvent.InputTranscript(text, finished));
        }
      }
    });
    guard("serverContent.outputTranscription", out, () -> {
      JsonValue t = content.get("outputTranscription");
      if (t != null && !t.isNull()) {
        // The first one of a turn is often empty: {"outputTranscription": {}} (§5).
        String text = t.asObject().getString("text", "");
        if (!text.isEmpty()) {
          out.add(new ServerEvent.OutputTranscript(text));
        }
      }
    });
    guard("serverContent.interrupted", out, () -> {
      if (content.getBoolean("interrupted", false)) {
        out.add(new ServerEvent.Interrupted());
      }
    });
    guard("serverContent.generationComplete", out, () -> {
      if (content.getBoolean("generationComplete", false)) {
        out.add(new ServerEvent.GenerationComplete());
      }
    });
    guard("serverContent.turnComplete", out, () -> {
      if (content.getBoolean("turnComplete", false)) {
        out.add(new ServerEvent.TurnComplete(optionalString(content, "turnCompleteReason")));
      }
    });
    for (String name : content.names()) {
      if (!isContentField(name)) {
        out.add(new ServerEvent.Unknown("serverContent." + name));
      }
    }
  }

  private static void guard(String field, List<ServerEvent> out, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      out.add(new ServerEvent.Malformed(field + ": " + plain(e)));
    }
  }

  private static boolean isContentField(String name) {
    return switch (name) {
      case "modelTurn", "inputTranscription", "outputTranscription", "interrupted",
           "generationComplete", "turnComplete" -> true;
      default -> IGNORED_CONTENT.contains(name);
    };
  }

  private void part(JsonObject part, List<ServerEvent> out) {
    JsonValue inline = part.get("inlineData");
    if (inline != null) {
      JsonObject blob = inline.asObject();
      String mime = blob.getString("mimeType", "audio/pcm");
      if (mime.startsWith("audio/pcm")) {
        byte[] pcm = Base64.getDecoder().decode(blob.getString("data", ""));
        if (pcm.length % 2 != 0) {
          // 16-bit samples: an odd byte would shift every later sample into noise.
          out.add(new ServerEvent.Malformed("audio with an odd number of bytes (" + pcm.length
              + ")"));
        } else {
          out.add(new ServerEvent.Audio(pcm, rate(mime)));
        }
      } else {
        out.add(new ServerEvent.Unknown("inlineData " + mime));
      }
      return;
    }
    JsonValue text = part.get("text");
    if (text != null) {
      out.add(new ServerEvent.Text(text.asString(), part.getBoolean("thought", false)));
      return;
    }
    String first = part.names().isEmpty() ? "(empty part)" : part.names().get(0);
    out.add(new ServerEvent.Unknown("serverContent.modelTurn.parts." + first));
  }

  private static void toolCall(JsonObject call, List<ServerEvent> out) {
    List<ServerEvent.FunctionCall> calls = new ArrayList<>();
    JsonValue list = call.get("functionCalls");
    if (list != null && !list.isNull()) {
      for (JsonValue v : list.asArray()) {
        JsonObject f = v.asObject();
        JsonValue args = f.get("args");
        JsonObject copy = args == null || args.isNull() ? new JsonObject()
            : new JsonObject(args.asObject());
        calls.add(new ServerEvent.FunctionCall(f.getString("id", ""), f.getString("name", ""),
            copy));
      }
    }
    out.add(new ServerEvent.ToolCall(calls));
  }

  private static ServerEvent resumption(JsonObject update) {
    JsonValue handle = update.get("newHandle");
    return new ServerEvent.ResumptionUpdate(handle == null || handle.isNull() ? ""
        : handle.asString(), update.getBoolean("resumable", false));
  }

  private static ServerEvent usage(JsonObject u) {
    return new ServerEvent.Usage(count(u, "promptTokenCount"),
        Math.max(count(u, "responseTokenCount"), count(u, "candidatesTokenCount")),
        count(u, "totalTokenCount"));
  }

  /** Token counts are int32 in the proto but may arrive as strings in proto3 JSON. */
  private static int count(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v.isNull()) {
      return 0;
    }
    return v.isString() ? Integer.parseInt(v.asString()) : v.asInt();
  }

  private static List<String> strings(JsonValue array) {
    List<String> out = new ArrayList<>();
    if (array != null && !array.isNull()) {
      for (JsonValue v : array.asArray()) {
        out.add(v.asString());
      }
    }
    return out;
  }

  private static Optional<String> optionalString(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v == null || !v.isString() ? Optional.empty() : Optional.of(v.asString());
  }

  /** {@code audio/pcm;rate=24000}; Vertex sends a bare {@code audio/pcm} (§7). */
  static int rate(String mime) {
    int at = mime.indexOf("rate=");
    if (at < 0) {
      return DEFAULT_AUDIO_RATE_HZ;
    }
    int end = at + 5;
    while (end < mime.length() && Character.isDigit(mime.charAt(end))) {
      end++;
    }
    int rate = end > at + 5 ? Integer.parseInt(mime.substring(at + 5, end)) : 0;
    if (rate < 8000 || rate > 192_000) {
      throw new IllegalArgumentException("audio rate " + rate + " Hz is not plausible");
    }
    return rate;
  }

  /** A protobuf Duration in JSON: {@code "50s"}, {@code "0.500s"} (§2). */
  static Duration duration(String text) {
    if (!text.endsWith("s")) {
      throw new IllegalArgumentException("duration \"" + text + "\" does not end in s");
    }
    double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
    if (!(seconds >= 0 && seconds < 1e9)) {
      throw new IllegalArgumentException("duration \"" + text + "\" is out of range");
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  private static String plain(RuntimeException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
