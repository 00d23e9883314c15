package dev.geminipi.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads triggers, the LED and tools, and refuses a pin used twice. */
final class PinSections {
  /** BCM lines on the 40-pin header of every Raspberry Pi model (docs/hardware.md §1.3). */
  static final int MAX_PIN = 27;
  /** Hardware PWM exists only on these lines (docs/hardware.md §1.5). */
  static final Set<Integer> PWM_PINS = Set.of(12, 13, 18, 19);
  /** Gemini function names: a letter or underscore, then [A-Za-z0-9_.:-], at most 64. */
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,63}");
  /** Names the daemon declares itself. */
  static final Set<String> BUILT_IN_TOOLS = Set.of("look", "end_conversation");

  private final Node root;
  private final LiveModel model;
  private final Map<Integer, String> pinOwners = new HashMap<>();
  /** The pins of the button triggers, read before the tools: their presses confirm. */
  private final List<Integer> buttonPins = new ArrayList<>();
  private final List<MqttToolConfig> mqttTools = new ArrayList<>();
  private final MqttToolSection mqttSection;

  PinSections(Node root, LiveModel model) {
    this.model = model;
    this.root = root;
    this.mqttSection = new MqttToolSection(root);
  }

  List<Trigger> triggers() {
    List<Trigger> out = new ArrayList<>();
    for (Node n : root.objects("triggers")) {
      Trigger t = trigger(n);
      if (t != null) {
        out.add(t);
        n.rejectUnknownKeys(); // without a type, which keys belong here is unknown
      }
    }
    return out;
  }

  private Trigger trigger(Node n) {
    if (!n.has("type")) {
      n.problems().error(n.pathOf("type"), "missing; say which kind of trigger this is: "
          + "\"button\", \"input\" or \"wakeword\"");
      return null;
    }
    String type = n.string("type", "");
    switch (type) {
      case "button" -> {
        Trigger.Button d = Trigger.Button.defaults(0);
        int pin = pin(n, "pin");
        if (pin >= 0) {
          buttonPins.add(pin);
        }
        return new Trigger.Button(pin,
            n.choice("pull", d.pull(), Pull.class),
            n.bool("activeLow", d.activeLow()),
            n.integer("debounceMs", d.debounceMs(), 0, 1000, "milliseconds"),
            n.choice("mode", d.mode(), Trigger.Button.Mode.class),
            n.integer("longPressMs", d.longPressMs(), 500, 30_000, "milliseconds"));
      }
      case "input" -> {
        int pin = pin(n, "pin");
        String prompt = n.string("prompt", "");
        if (prompt.isBlank()) {
          n.problems().error(n.pathOf("prompt"), "missing; write what the model should be told "
              + "when this input fires, e.g. \"Someone rang the doorbell.\"");
        }
        return new Trigger.Input(pin,
            n.choice("edge", Trigger.Input.Edge.RISING, Trigger.Input.Edge.class),
            n.choice("pull", Pull.OFF, Pull.class),
            n.integer("debounceMs", 50, 0, 5000, "milliseconds"),
            prompt,
            n.integer("cooldownSec", 30, 0, 86_400, "seconds"));
      }
      case "wakeword" -> {
        String model = n.string("model", "");
        if (model.isBlank()) {
          n.problems().error(n.pathOf("model"), "missing; give the path of the wake word's "
              + ".onnx classifier, e.g. \"/var/lib/gemini-pi/models/hey_jarvis_v0.1.onnx\"");
        }
        String prompt = n.string("prompt", "");
        return new Trigger.Wakeword(model,
            n.number("threshold", 0.5, 0.01, 0.99, "detection score"),
            prompt.isBlank() ? Optional.empty() : Optional.of(prompt),
            n.integer("refractoryMs", 2000, 0, 60_000, "milliseconds"),
            n.bool("vad", false));
      }
      default -> {
        String hint = Suggest.closest(type, List.of("button", "input", "wakeword"))
            .map(s -> "; did you mean \"" + s + "\"?").orElse("");
        n.problems().error(n.pathOf("type"), "\"" + type + "\" is not one of \"button\", "
            + "\"input\", \"wakeword\"" + hint);
        return null;
      }
    }
  }

  Optional<LedConfig> led() {
    Optional<Node> node = root.object("led");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Node n = node.get();
    int pin = pin(n, "pin");
    boolean pwm = n.bool("pwm", false);
    if (pwm && !PWM_PINS.contains(pin)) {
      n.problems().error(n.pathOf("pwm"), "GPIO " + pin + " has no hardware PWM; move the LED "
          + "to GPIO 12, 13, 18 or 19, or set \"pwm\": false for blink codes");
    }
    LedConfig led = new LedConfig(pin, n.bool("activeHigh", true), pwm);
    n.rejectUnknownKeys();
    return Optional.of(led);
  }

  /** The button triggers' pins; read after {@link #triggers}. */
  List<Integer> buttonPins() {
    return List.copyOf(buttonPins);
  }

  /** The {@code "action": "mqtt"} entries of {@code tools}; read by {@link #tools}. */
  List<MqttToolConfig> mqttTools() {
    return List.copyOf(mqttTools);
  }

  /** The pin tools; the mqtt ones go to {@link #mqttTools}. Call after {@link #triggers}. */
  List<ToolConfig> tools(boolean transcription) {
    List<ToolConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : root.objects("tools")) {
      if (MqttToolSection.isMqtt(n)) {
        MqttToolConfig m = mqttSection.read(n, model, buttonPins, transcription);
        if (!names.add(m.name())) {
          n.problems().error(n.pathOf("name"), "\"" + m.name() + "\" is used by another tool; "
              + "give each tool its own name");
        }
        mqttTools.add(m);
        n.rejectUnknownKeys();
        continue;
      }
      ToolConfig t = tool(n, transcription);
      if (!names.add(t.name())) {
        n.problems().error(n.pathOf("name"), "\"" + t.name() + "\" is used by another tool; "
            + "give each tool its own name");
      }
      out.add(t);
      n.rejectUnknownKeys();
    }
    return out;
  }

  /** A tool's function name, checked; reported and returned as it is when it is not valid. */
  static String name(Node n) {
    String name = n.string("name", "");
    if (!n.has("name") || name.isEmpty()) {
      n.problems().error(n.pathOf("name"), "missing; give the function name the model will "
          + "call, e.g. \"set_lamp\"");
    } else if (!TOOL_NAME.matcher(name).matches()) {
      n.problems().error(n.pathOf("name"), "\"" + name + "\" is not a valid function name; start "
          + "with a letter or _, then use only letters, digits, _ . : - (at most 64)");
    } else if (BUILT_IN_TOOLS.contains(name)) {
      n.problems().error(n.pathOf("name"), "\"" + name + "\" is a built-in tool of gemini-pi; "
          + "choose another name");
    }
    return name;
  }

  private ToolConfig tool(Node n, boolean transcription) {
    String name = name(n);
    ToolConfig.Action action = ToolConfig.Action.SWITCH;
    if (!n.has("action")) {
      n.problems().error(n.pathOf("action"), "missing; use one of \"switch\", \"pulse\", "
          + "\"toggle\", \"read\", \"pwm\", \"mqtt\"");
    } else {
      action = n.choice("action", ToolConfig.Action.SWITCH, ToolConfig.Action.class);
    }
    int pin = pin(n, "pin");
    if (action == ToolConfig.Action.PWM && pin >= 0 && !PWM_PINS.contains(pin)) {
      n.problems().error(n.pathOf("pin"), "GPIO " + pin + " has no hardware PWM; use GPIO 12, "
          + "13, 18 or 19 for a \"pwm\" tool");
    }
    String description = n.string("description", "");
    if (description.isBlank()) {
      description = "Controls " + name.replace('_', ' ') + ".";
    }
    ToolConfig.States states = ToolConfig.States.defaults();
    Optional<Node> s = n.object("states");
    if (s.isPresent()) {
      states = new ToolConfig.States(s.get().string("high", states.high()),
          s.get().string("low", states.low()));
      s.get().rejectUnknownKeys();
    }
    return new ToolConfig(name, description, pin, action,
        n.bool("activeHigh", true),
        n.integer("pulseMs", 500, 10, ToolConfig.MAX_PULSE_MS, "milliseconds"),
        states,
        n.integer("frequencyHz", 1000, 1, 100_000, "hertz"),
        n.integer("maxOnSec", 0, 0, 86_400, "seconds (0 = no limit)"),
        n.integer("minIntervalSec", 0, 0, 86_400, "seconds (0 = no limit)"),
        new ConfirmKeys(n, buttonPins, transcription).read(action),
        n.bool("restOnHangup", false),
        behavior(n, action),
        n.choice("scheduling", ToolConfig.Scheduling.WHEN_IDLE, ToolConfig.Scheduling.class));
  }

  /** The configured or default behavior, as the model will really run it. */
  private ToolConfig.Behavior behavior(Node n, ToolConfig.Action action) {
    ToolConfig.Behavior declared = n.choice("behavior", ToolConfig.defaultBehavior(action),
        ToolConfig.Behavior.class);
    ToolConfig.Behavior effective = model.effective(declared);
    if (n.has("behavior") && effective != declared) {
      n.problems().warn(n.pathOf("behavior"), "\"" + Node.spell(declared) + "\" is ignored: "
          + "this model runs every call blocking; use \"" + GeminiConfig.DEFAULT_MODEL
          + "\" for non-blocking tools");
    }
    return effective;
  }

  /** A required BCM pin, refused when another trigger, tool or the LED has it already. */
  private int pin(Node n, String key) {
    if (!n.has(key)) {
      n.problems().error(n.pathOf(key), "missing; give the BCM GPIO number, e.g. 17 for "
          + "physical pin 11");
      return -1;
    }
    int errorsBefore = n.problems().errorCount();
    int pin = n.integer(key, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, "GPIO");
    if (n.problems().errorCount() > errorsBefore) {
      return -1; // not a whole number, and already reported as such
    }
    if (pin < 0 || pin > MAX_PIN) {
      n.problems().error(n.pathOf(key), pin + " is not a GPIO line of a Raspberry Pi header "
          + "(0-" + MAX_PIN + "); use the BCM number, e.g. 17 for physical pin 11");
      return -1;
    }
    String owner = n.path();
    String previous = pinOwners.putIfAbsent(pin, owner);
    if (previous != null) {
      n.problems().error(n.pathOf(key), "GPIO " + pin + " is already used by " + previous
          + "; give every trigger, tool and LED its own pin");
    }
    return pin;
  }
}
