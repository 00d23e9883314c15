package dev.geminipi.tools;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The function declarations for the owner's tools: their description plus what the action
 * needs, and parameter schemas in the OpenAPI subset with UPPERCASE types (docs/protocol.md
 * §3.1). Only switch and pwm take arguments: a pulse's length is the owner's pulseMs, never
 * the model's. The texts are public surface (STYLE 25): the model reads them, tests pin them.
 */
public final class ToolDeclarations {
  private ToolDeclarations() {
  }

  public static List<FunctionDeclaration> of(List<ToolConfig> tools) {
    List<FunctionDeclaration> out = new ArrayList<>(tools.size());
    for (ToolConfig t : tools) {
      out.add(of(t));
    }
    return List.copyOf(out);
  }

  static FunctionDeclaration of(ToolConfig t) {
    return new FunctionDeclaration(t.name(), description(t), parameters(t), t.behavior());
  }

  static String description(ToolConfig t) {
    StringBuilder d = new StringBuilder(sentence(t.description()));
    switch (t.action()) {
      case SWITCH -> d.append(" Set \"on\" to true to switch it on or false to switch it off.");
      case TOGGLE -> d.append(" Each call switches it over, from off to on or from on to off; "
          + "takes no arguments.");
      case PULSE -> d.append(" Each call switches it on for ").append(Tool.pulseMs(t))
          .append(" ms and then off again; takes no arguments.");
      case READ -> d.append(" Takes no arguments and answers \"").append(t.states().high())
          .append("\" or \"").append(t.states().low()).append("\".");
      case PWM -> d.append(" Set \"percent\" from 0 (off) to 100 (full).");
    }
    if (t.maxOnSec() > 0 && t.action() != ToolConfig.Action.PULSE && t.isOutput()) {
      d.append(" It switches itself off after ").append(t.maxOnSec()).append(" seconds.");
    }
    if (t.minIntervalSec() > 0) {
      d.append(" Call it at most once every ").append(t.minIntervalSec()).append(" seconds.");
    }
    return d.append(confirmation(t.confirm())).toString().strip();
  }

  static Optional<JsonObject> parameters(ToolConfig t) {
    return switch (t.action()) {
      case SWITCH -> Optional.of(object("on", new JsonObject().set("type", "BOOLEAN")
          .set("description", "true switches it on, false switches it off")));
      case PWM -> Optional.of(object("percent", new JsonObject().set("type", "NUMBER")
          .set("description", "0 is off, 100 is full").set("minimum", 0).set("maximum", 100)));
      case TOGGLE, PULSE, READ -> Optional.empty();
    };
  }

  private static JsonObject object(String name, JsonObject property) {
    return new JsonObject().set("type", "OBJECT")
        .set("properties", new JsonObject().set(name, property))
        .set("required", new JsonArray().add(name));
  }

  /**
   * What the model must know about a tool's confirmation (for pins, MQTT actions and MCP tools
   * alike): a sentence to append, with its leading space, or nothing.
   */
  public static String confirmation(ToolConfig.Confirmation c) {
    return switch (c.kind()) {
      case NONE -> "";
      case BUTTON -> " gemini-pi does this only once the user presses the button on the device, "
          + "and waits " + c.windowSec() + " seconds for the press: tell them to press it when "
          + "you call this.";
      case VOICE -> " gemini-pi does this only after it hears the user say yes: call this as "
          + "soon as it is wanted, without asking first; then ask the user whether to go ahead, "
          + "and once they say yes, call this again with the same arguments.";
    };
  }

  /** The owner may leave off the full stop; the added sentences need one before them. */
  public static String sentence(String text) {
    String s = text.strip();
    if (s.isEmpty() || s.endsWith(".") || s.endsWith("!") || s.endsWith("?")) {
      return s;
    }
    return s + ".";
  }
}
