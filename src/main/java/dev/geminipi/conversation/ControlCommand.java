package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;

/**
 * A control-socket request, read into what it asks. The request and reply shapes and the
 * error texts are public surface (the CLI and scripts read them; tests pin them).
 */
sealed interface ControlCommand {
  /** Like a button press. */
  record Talk() implements ControlCommand {
  }

  /** A text for the model, as the user's words. */
  record Say(String text) implements ControlCommand {
  }

  record Hangup() implements ControlCommand {
  }

  record Status() implements ControlCommand {
  }

  /** Not a command this daemon knows; {@code error} says what is wrong and what to use. */
  record Refused(String error) implements ControlCommand {
  }

  static ControlCommand read(JsonObject request) {
    String cmd = request.getString("cmd", "");
    return switch (cmd) {
      case "talk" -> new Talk();
      case "say" -> {
        String text = request.getString("text", "").strip();
        yield text.isEmpty() ? new Refused("say needs a non-empty \"text\"") : new Say(text);
      }
      case "hangup" -> new Hangup();
      case "status" -> new Status();
      default -> new Refused("unknown cmd \"" + cmd + "\"; use talk, say, hangup or status");
    };
  }

  /** The reply to a command that was carried out: the state it left. */
  static JsonObject done(Conversation.State state) {
    return new JsonObject().add("ok", true).add("state", Conversation.name(state));
  }

  static JsonObject refused(String error) {
    return new JsonObject().add("ok", false).add("error", error);
  }
}
