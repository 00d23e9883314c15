package dev.geminipi.tools;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.ServerEvent;

/** The small JSON answers a tool call gets, and its arguments as the audit line shows them. */
final class Replies {
  private Replies() {
  }

  static String error(String text) {
    return new JsonObject().set("error", text).toString();
  }

  static String args(ServerEvent.FunctionCall fc) {
    return fc.args() == null ? "{}" : fc.args().toString();
  }

  static String json(String name, boolean value) {
    return new JsonObject().set(name, value).toString();
  }

  static String json(String name, int value) {
    return new JsonObject().set(name, value).toString();
  }

  static String json(String name, String value) {
    return new JsonObject().set(name, Json.value(value)).toString();
  }
}
