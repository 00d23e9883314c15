package dev.geminipi.mcp;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.live.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model hears back from an MCP call: {@code {"output": ...}} with the server's
 * result, or {@code {"error": "...", "retryable": bool}} saying what happened and whether
 * trying again can help. Public surface (STYLE 25): the model reads these, tests pin them.
 */
final class McpReplies {
  /** Function responses travel in the Live session; a page of text is plenty to speak from. */
  static final int MAX_TEXT_CHARS = 8000;

  private McpReplies() {
  }

  /** The result of tools/call: structured content when there is some, else its text. */
  static JsonObject result(String server, JsonObject result) {
    List<String> texts = new ArrayList<>();
    List<String> omitted = new ArrayList<>();
    JsonValue content = result.get("content");
    if (content != null && content.isArray()) {
      for (JsonValue c : content.asArray()) {
        JsonObject o = c.isObject() ? c.asObject() : new JsonObject();
        String type = o.getString("type", "?");
        if (type.equals("text")) {
          texts.add(o.getString("text", ""));
        } else {
          omitted.add(type);
        }
      }
    }
    String text = cap(String.join("\n", texts));
    JsonValue isError = result.get("isError");
    if (isError != null && isError.isBoolean() && isError.asBoolean()) {
      return error(Outcome.Status.UNAVAILABLE, "the " + server
          + " server reports that the tool failed: " + (text.isEmpty() ? "no details" : text),
          false);
    }
    JsonObject out = new JsonObject().set("status", Outcome.Status.OK.wire());
    JsonValue structured = result.get("structuredContent");
    if (structured != null && structured.isObject()
        && structured.toString().length() <= MAX_TEXT_CHARS) {
      out.set("output", structured);
    } else {
      out.set("output", text.isEmpty() ? "done" : text);
    }
    if (!omitted.isEmpty()) {
      out.set("omitted", "content a voice cannot use: " + String.join(", ", omitted));
    }
    return out;
  }

  static JsonObject failure(McpException e) {
    String message = switch (e.kind()) {
      case TIMEOUT -> e.getMessage() + "; it may still have done it, so check before trying "
          + "again";
      case UNREACHABLE -> e.getMessage() + "; trying again in a moment may work";
      case UNAUTHORIZED -> e.getMessage() + "; the owner must fix this, trying again will not "
          + "help";
      case PROTOCOL, REFUSED -> e.getMessage() + "; trying again the same way will not help";
    };
    Outcome.Status status = e.kind() == McpException.Kind.UNAUTHORIZED
        ? Outcome.Status.NOT_ALLOWED : Outcome.Status.UNAVAILABLE;
    return error(status, message, e.kind().retryable);
  }

  /** Shaped as every tool answer is (live.Outcome), so the model can tell the user the truth. */
  static JsonObject error(Outcome.Status status, String message, boolean retryable) {
    return Outcome.error(status, retryable, message);
  }

  private static String cap(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text
        : text.substring(0, MAX_TEXT_CHARS) + " ... (cut at " + MAX_TEXT_CHARS + " characters)";
  }
}
