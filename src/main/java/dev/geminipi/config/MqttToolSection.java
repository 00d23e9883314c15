package dev.geminipi.config;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.MqttToolConfig.Await;
import dev.geminipi.config.MqttToolConfig.Parameter;
import dev.geminipi.config.MqttToolConfig.Payload;
import dev.geminipi.config.MqttToolConfig.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code tools} entry with {@code "action": "mqtt"}; see {@link MqttToolConfig}. */
final class MqttToolSection {
  static final String ACTION = "mqtt";
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final String TOPIC_EXAMPLE = "e.g. \"home/living-room/scene/set\"";

  private final Node root;
  /** The missing mqtt section is said once, at the first mqtt tool. */
  private boolean brokerChecked;

  MqttToolSection(Node root) {
    this.root = root;
  }

  static boolean isMqtt(Node n) {
    JsonValue v = n.raw("action");
    return v != null && v.isString() && v.asString().equals(ACTION);
  }

  MqttToolConfig read(Node n, LiveModel model, List<Integer> buttonPins,
      boolean transcription) {
    String name = PinSections.name(n);
    if (!brokerChecked) {
      brokerChecked = true;
      if (!root.has("mqtt")) {
        n.problems().error(n.pathOf("action"), "\"mqtt\" publishes through the broker of the "
            + "mqtt section, and there is none; add e.g. \"mqtt\": {\"broker\": "
            + "\"mqtt://homeassistant.local:1883\"}");
      }
    }
    String description = n.string("description", "");
    if (description.isBlank()) {
      description = "Controls " + name.replace('_', ' ') + ".";
    }
    String topic = topic(n, "topic");
    List<Parameter> parameters = parameters(n);
    Payload payload = payload(n, parameters);
    boolean retain = n.bool("retain", false);
    java.util.Optional<Await> await = n.object("await").map(this::await);
    // Any payload may switch something on: confirm applies to every call, as to an output.
    ToolConfig.Confirmation confirm = new ConfirmKeys(n, buttonPins, transcription)
        .read(ToolConfig.Action.SWITCH);
    ToolConfig.Behavior declared = n.choice("behavior",
        MqttToolConfig.defaultBehavior(await.isPresent()), ToolConfig.Behavior.class);
    ToolConfig.Behavior behavior = model.effective(declared);
    if (n.has("behavior") && behavior != declared) {
      n.problems().warn(n.pathOf("behavior"), "\"" + Node.spell(declared) + "\" is ignored: "
          + "this model runs every call blocking; use \"" + GeminiConfig.DEFAULT_MODEL
          + "\" for non-blocking tools");
    }
    return new MqttToolConfig(name, description, topic, payload, retain, parameters, await,
        confirm, behavior,
        n.choice("scheduling", ToolConfig.Scheduling.WHEN_IDLE, ToolConfig.Scheduling.class));
  }

  /** A topic to publish to or wait on: exactly one, so no wildcards. */
  private static String topic(Node n, String key) {
    String t = n.string(key, "");
    if (!n.has(key) || t.isEmpty()) {
      n.problems().error(n.pathOf(key), "missing; give the topic, " + TOPIC_EXAMPLE);
    } else if (t.contains("+") || t.contains("#")) {
      n.problems().error(n.pathOf(key), "\"" + t + "\" has a wildcard (+ or #); give one "
          + "topic, " + TOPIC_EXAMPLE);
    } else if (t.startsWith("$") || t.indexOf('\0') >= 0) {
      n.problems().error(n.pathOf(key), "\"" + t + "\" is reserved by the broker; give a topic "
          + "of your own, " + TOPIC_EXAMPLE);
    }
    return t;
  }

  private Await await(Node a) {
    Await w = new Await(topic(a, "topic"), a.integer("timeoutMs",
        MqttToolConfig.DEFAULT_TIMEOUT_MS, 100, 60_000, "milliseconds"));
    a.rejectUnknownKeys();
    return w;
  }

  private static List<Parameter> parameters(Node n) {
    List<Parameter> out = new ArrayList<>();
    JsonValue v = n.raw("parameters");
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      n.problems().error(n.pathOf("parameters"), Node.describe(v) + "; expected an object of "
          + "parameters by name, e.g. {\"scene\": {\"type\": \"string\", \"enum\": [\"relax\", "
          + "\"movie\"]}}");
      return out;
    }
    for (JsonObject.Member m : v.asObject()) {
      String path = n.pathOf("parameters") + "." + m.getName();
      if (!PARAMETER_NAME.matcher(m.getName()).matches()) {
        n.problems().error(path, "\"" + m.getName() + "\" is not a parameter name; start with a "
            + "letter or _, then use only letters, digits and _");
        continue;
      }
      if (!m.getValue().isObject()) {
        n.problems().error(path, Node.describe(m.getValue()) + "; expected an object such as "
            + "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 100}");
        continue;
      }
      out.add(parameter(new Node(path, m.getValue().asObject(), n.problems()), m.getName()));
    }
    return out;
  }

  private static Parameter parameter(Node p, String name) {
    Type type = Type.STRING;
    if (!p.has("type")) {
      p.problems().error(p.pathOf("type"), "missing; use one of \"string\", \"integer\", "
          + "\"number\", \"boolean\"");
    } else {
      type = p.choice("type", Type.STRING, Type.class);
    }
    String description = p.string("description", "");
    List<String> enumValues = p.strings("enum", List.of());
    boolean numeric = type == Type.INTEGER || type == Type.NUMBER;
    if (p.has("enum") && type != Type.STRING) {
      p.problems().error(p.pathOf("enum"), "applies to \"string\" parameters only; remove it, "
          + "or use minimum and maximum for numbers");
    } else if (p.has("enum") && enumValues.isEmpty()) {
      p.problems().error(p.pathOf("enum"), "is empty; list the values the model may choose");
    }
    OptionalDouble minimum = bound(p, "minimum", type, numeric);
    OptionalDouble maximum = bound(p, "maximum", type, numeric);
    if (minimum.isPresent() && maximum.isPresent()
        && minimum.getAsDouble() > maximum.getAsDouble()) {
      p.problems().error(p.pathOf("minimum"), "is above maximum; swap them");
    }
    if (p.has("maxLength") && type != Type.STRING) {
      p.problems().error(p.pathOf("maxLength"), "applies to \"string\" parameters only; remove "
          + "it");
    }
    int maxLength = p.integer("maxLength", MqttToolConfig.DEFAULT_MAX_LENGTH, 1, 1000,
        "characters");
    p.rejectUnknownKeys();
    return new Parameter(name, type, description, enumValues, minimum, maximum, maxLength);
  }

  private static OptionalDouble bound(Node p, String key, Type type, boolean numeric) {
    JsonValue v = p.raw(key);
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (!numeric) {
      p.problems().error(p.pathOf(key), "applies to \"integer\" and \"number\" parameters only; "
          + "remove it");
      return OptionalDouble.empty();
    }
    double d = p.number(key, 0, -1e15, 1e15, "the " + key + " value");
    if (type == Type.INTEGER && d != Math.rint(d)) {
      p.problems().error(p.pathOf(key), v + " is not a whole number, and the parameter is an "
          + "\"integer\"");
    }
    return OptionalDouble.of(d);
  }

  /** Absent: the arguments as JSON; a string: text; an object or array: a JSON template. */
  private static Payload payload(Node n, List<Parameter> parameters) {
    JsonValue v = n.raw("payload");
    if (v == null) {
      return Payload.ARGUMENTS;
    }
    Payload p;
    if (v.isString()) {
      p = new Payload(Payload.Kind.TEXT, v.asString());
    } else if (v.isObject() || v.isArray()) {
      p = new Payload(Payload.Kind.JSON, v.toString());
    } else {
      n.problems().error(n.pathOf("payload"), Node.describe(v) + "; expected a string such as "
          + "\"{{scene}}\" or a JSON object such as {\"scene\": \"{{scene}}\"}");
      return Payload.ARGUMENTS;
    }
    Set<String> names = new LinkedHashSet<>();
    parameters.forEach(x -> names.add(x.name()));
    for (String used : placeholders(v)) {
      if (!names.contains(used)) {
        String hint = Suggest.closest(used, names).map(s -> "; did you mean {{" + s + "}}?")
            .orElse(names.isEmpty() ? "; parameters declares none" : "; declare it in "
                + "parameters");
        n.problems().error(n.pathOf("payload"), "{{" + used + "}} names no parameter" + hint);
      }
    }
    return p;
  }

  /** Every placeholder in the template's strings; a JSON template's member names are kept. */
  private static Set<String> placeholders(JsonValue template) {
    Set<String> out = new LinkedHashSet<>();
    if (template.isString()) {
      Matcher m = MqttToolConfig.PLACEHOLDER.matcher(template.asString());
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (template.isObject()) {
      template.asObject().forEach(m -> out.addAll(placeholders(m.getValue())));
    } else if (template.isArray()) {
      template.asArray().forEach(v -> out.addAll(placeholders(v)));
    }
    return out;
  }
}
