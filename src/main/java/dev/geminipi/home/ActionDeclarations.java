package dev.geminipi.home;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.config.MqttToolConfig.Parameter;
import dev.geminipi.live.FunctionDeclaration;
import java.util.Locale;
import java.util.Optional;

/**
 * The function declaration of an MQTT action: the owner's description plus what the daemon
 * adds (confirmation, a reply), and its parameters in the OpenAPI subset with UPPERCASE types
 * (docs/protocol.md §3.1). The topic is not shown: the model cannot choose it anyway. The texts
 * are public surface (STYLE 25).
 */
final class ActionDeclarations {
  private ActionDeclarations() {
  }

  static FunctionDeclaration of(MqttToolConfig t) {
    return new FunctionDeclaration(t.name(), description(t), parameters(t), t.behavior());
  }

  static String description(MqttToolConfig t) {
    StringBuilder d = new StringBuilder(sentence(t.description()));
    if (t.await().isPresent()) {
      d.append(" The answer carries the reply of the system that did it.");
    }
    int windowSec = t.confirm().windowSec();
    switch (t.confirm().kind()) {
      case NONE -> { }
      case BUTTON -> d.append(" gemini-pi does this only once the user presses the button on "
          + "the device, and waits ").append(windowSec).append(" seconds for the press: tell "
          + "them to press it when you call this.");
      case VOICE -> d.append(" gemini-pi does this only after it hears the user say yes: "
          + "call this as soon as it is wanted, without asking first; then ask the user whether "
          + "to go ahead, and once they say yes, call this again with the same arguments.");
    }
    return d.toString().strip();
  }

  static Optional<JsonObject> parameters(MqttToolConfig t) {
    if (t.parameters().isEmpty()) {
      return Optional.empty();
    }
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (Parameter p : t.parameters()) {
      properties.set(p.name(), property(p));
      required.add(p.name());
    }
    return Optional.of(new JsonObject().set("type", "OBJECT").set("properties", properties)
        .set("required", required));
  }

  private static JsonObject property(Parameter p) {
    JsonObject o = new JsonObject().set("type", p.type().name());
    String description = p.description().isBlank() ? ActionArguments.valid(p)
        : sentence(p.description()) + " " + capital(ActionArguments.valid(p)) + ".";
    o.set("description", description);
    switch (p.type()) {
      case STRING -> {
        if (!p.enumValues().isEmpty()) {
          JsonArray values = new JsonArray();
          p.enumValues().forEach(values::add);
          o.set("enum", values);
        } else {
          o.set("maxLength", p.maxLength());
        }
      }
      case INTEGER, NUMBER -> {
        p.minimum().ifPresent(min -> o.set("minimum", min));
        p.maximum().ifPresent(max -> o.set("maximum", max));
      }
      case BOOLEAN -> { }
    }
    return o;
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** The owner may leave off the full stop; the added sentences need one before them. */
  private static String sentence(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.endsWith(".") || s.endsWith("!") || s.endsWith("?")) {
      return s;
    }
    return s + ".";
  }
}
