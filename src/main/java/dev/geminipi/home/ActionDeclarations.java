package dev.geminipi.home;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.config.MqttToolConfig.Parameter;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.tools.ToolDeclarations;
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
    StringBuilder d = new StringBuilder(ToolDeclarations.sentence(t.description()));
    if (t.await().isPresent()) {
      d.append(" The answer carries the reply of the system that did it.");
    }
    return d.append(ToolDeclarations.confirmation(t.confirm())).toString().strip();
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
        : ToolDeclarations.sentence(p.description()) + " " + capital(ActionArguments.valid(p))
            + ".";
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
}
