package dev.geminipi.testkit;

import com.eclipsesource.json.JsonObject;
import java.util.Base64;

/**
 * One client message as the fake server got it.
 *
 * @param connection 1 for the first connection of the test, 2 for the next
 * @param seq order of arrival over the whole test
 * @param kind the top-level key, plus the realtimeInput field: "setup",
 *     "realtimeInput.audio", "realtimeInput.text", "toolResponse", ...
 * @param message the message with names normalized to lowerCamel
 * @param raw the text as it came off the wire
 */
public record Received(int connection, int seq, String kind, JsonObject message, String raw) {

  /** The body under the top-level key. */
  public JsonObject body() {
    return message.get(message.names().get(0)).asObject();
  }

  /** The decoded bytes of an audio or video message. */
  public byte[] data() {
    String field = kind.substring(kind.indexOf('.') + 1);
    return Base64.getDecoder().decode(body().get(field).asObject().getString("data", ""));
  }
}
