package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.config.MqttToolConfig.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks an MQTT action's arguments against its declared parameters before anything is
 * published: every parameter present, nothing else, each of its type and within its enum,
 * range or length. The words are public surface (STYLE 25): the model reads them, tests pin
 * them.
 */
final class ActionArguments {
  private ActionArguments() {
  }

  /** The outcome: the arguments to publish, or why not and what would be right. */
  sealed interface Checked {
    /** Every parameter with a valid value; an integer written as 40.0 becomes 40. */
    record Valid(JsonObject args) implements Checked {
    }

    record Refused(String error, JsonArray validOptions) implements Checked {
    }
  }

  static Checked check(MqttToolConfig tool, JsonObject given) {
    JsonObject args = given == null ? new JsonObject() : given;
    List<String> names = new ArrayList<>();
    tool.parameters().forEach(p -> names.add(p.name()));
    for (String name : args.names()) {
      if (!names.contains(name)) {
        return refused(tool, tool.name() + " takes no \"" + name + "\"; " + (names.isEmpty()
            ? "it takes no arguments" : "its arguments are " + quoted(names)));
      }
    }
    JsonObject valid = new JsonObject();
    for (Parameter p : tool.parameters()) {
      JsonValue v = args.get(p.name());
      if (v == null || v.isNull()) {
        return refused(tool, tool.name() + " needs \"" + p.name() + "\": " + valid(p));
      }
      String wrong = wrong(p, v);
      if (wrong != null) {
        return refused(tool, tool.name() + " needs \"" + p.name() + "\" " + wrong);
      }
      valid.set(p.name(), p.type() == MqttToolConfig.Type.INTEGER
          ? Json.value((long) v.asDouble()) : v);
    }
    return new Checked.Valid(valid);
  }

  /** What is wrong with {@code v}, as the end of a sentence; null when nothing is. */
  private static String wrong(Parameter p, JsonValue v) {
    String not = ", not " + v;
    switch (p.type()) {
      case BOOLEAN -> {
        return v.isBoolean() ? null : "as true or false" + not;
      }
      case STRING -> {
        if (!v.isString()) {
          return "as text" + not;
        }
        if (!p.enumValues().isEmpty() && !p.enumValues().contains(v.asString())) {
          return "to be one of " + quoted(p.enumValues()) + not;
        }
        int length = v.asString().length();
        return length > p.maxLength() ? "of at most " + p.maxLength() + " characters, not "
            + length : null;
      }
      case INTEGER, NUMBER -> {
        boolean integer = p.type() == MqttToolConfig.Type.INTEGER;
        if (!v.isNumber() || (integer && v.asDouble() != Math.rint(v.asDouble()))) {
          return "as " + valid(p) + not;
        }
        double d = v.asDouble();
        boolean below = p.minimum().isPresent() && d < p.minimum().getAsDouble();
        boolean above = p.maximum().isPresent() && d > p.maximum().getAsDouble();
        return below || above ? "as " + valid(p) + not : null;
      }
    }
    throw new IllegalStateException("unknown type " + p.type());
  }

  /** The valid values of one parameter in words, e.g. "a whole number from 0 to 100". */
  static String valid(Parameter p) {
    return switch (p.type()) {
      case BOOLEAN -> "true or false";
      case STRING -> p.enumValues().isEmpty() ? "text of at most " + p.maxLength()
          + " characters" : "one of " + quoted(p.enumValues());
      case INTEGER, NUMBER -> (p.type() == MqttToolConfig.Type.INTEGER ? "a whole number"
          : "a number") + range(p);
    };
  }

  private static String range(Parameter p) {
    if (p.minimum().isPresent() && p.maximum().isPresent()) {
      return " from " + number(p.minimum().getAsDouble()) + " to "
          + number(p.maximum().getAsDouble());
    }
    if (p.minimum().isPresent()) {
      return " of at least " + number(p.minimum().getAsDouble());
    }
    if (p.maximum().isPresent()) {
      return " of at most " + number(p.maximum().getAsDouble());
    }
    return "";
  }

  private static Checked refused(MqttToolConfig tool, String error) {
    return new Checked.Refused(error, validOptions(tool));
  }

  /** One object with every parameter: the enum's values as a list, other kinds in words. */
  static JsonArray validOptions(MqttToolConfig tool) {
    JsonObject o = new JsonObject();
    for (Parameter p : tool.parameters()) {
      if (p.type() == MqttToolConfig.Type.STRING && !p.enumValues().isEmpty()) {
        JsonArray values = new JsonArray();
        p.enumValues().forEach(values::add);
        o.set(p.name(), values);
      } else {
        o.set(p.name(), valid(p));
      }
    }
    return new JsonArray().add(o);
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%s", d);
  }

  private static String quoted(List<String> values) {
    return "\"" + String.join("\", \"", values) + "\"";
  }
}
