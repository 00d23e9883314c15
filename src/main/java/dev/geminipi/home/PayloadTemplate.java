package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.config.MqttToolConfig.Payload;
import java.util.regex.Matcher;

/**
 * Fills an MQTT action's payload with checked arguments. Nothing but a placeholder's value is
 * the model's: in a JSON template a whole-string {@code "{{level}}"} becomes the value with
 * its type, and a placeholder inside a longer string becomes its text, escaped as JSON when
 * written, so no argument can add a key or end the document. The loader has made sure every
 * placeholder names a parameter, and the check that every parameter has a value.
 */
final class PayloadTemplate {
  private PayloadTemplate() {
  }

  static String render(Payload payload, JsonObject args) {
    return switch (payload.kind()) {
      case ARGUMENTS -> args.toString();
      case TEXT -> fill(payload.template(), args);
      case JSON -> fill(Json.parse(payload.template()), args).toString();
    };
  }

  private static JsonValue fill(JsonValue template, JsonObject args) {
    if (template.isString()) {
      String s = template.asString();
      Matcher whole = MqttToolConfig.PLACEHOLDER.matcher(s);
      if (whole.matches()) {
        return args.get(whole.group(1));
      }
      return Json.value(fill(s, args));
    }
    if (template.isObject()) {
      JsonObject out = new JsonObject();
      for (JsonObject.Member m : template.asObject()) {
        out.add(m.getName(), fill(m.getValue(), args));
      }
      return out;
    }
    if (template.isArray()) {
      JsonArray out = new JsonArray();
      for (JsonValue v : template.asArray()) {
        out.add(fill(v, args));
      }
      return out;
    }
    return template;
  }

  /** Each placeholder replaced by its argument's plain text: {@code movie}, {@code 40}. */
  private static String fill(String text, JsonObject args) {
    Matcher m = MqttToolConfig.PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonValue v = args.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v.isString() ? v.asString()
          : v.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
