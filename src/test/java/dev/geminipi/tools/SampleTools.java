package dev.geminipi.tools;

import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Action;
import java.util.List;

/** The sample config the tools tests share: one tool of every action, active-low too. */
final class SampleTools {
  static final ToolConfig LAMP = new ToolConfig("set_lamp", "Switches the desk lamp.", 22,
      Action.SWITCH, true, 500, ToolConfig.States.defaults(), 1000, 3600, 0, Confirmation.NONE,
      true,
      ToolConfig.defaultBehavior(Action.SWITCH), ToolConfig.Scheduling.WHEN_IDLE);
  /** A relay board input: active-low, so the door strike's contact closes on a low line. */
  static final ToolConfig GARAGE = new ToolConfig("garage_door",
      "Opens or closes the garage door", 23, Action.PULSE, false, 800,
      ToolConfig.States.defaults(), 1000, 0, 30, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
  static final ToolConfig FAN = new ToolConfig("fan", "Sets the speed of the ceiling fan.", 18,
      Action.PWM, true, 500, ToolConfig.States.defaults(), 25_000, 0, 0, Confirmation.NONE, true,
      ToolConfig.defaultBehavior(Action.PWM), ToolConfig.Scheduling.WHEN_IDLE);
  static final ToolConfig HEATER = new ToolConfig("heater", "Turns the heater on or off.", 24,
      Action.TOGGLE, false, 500, ToolConfig.States.defaults(), 1000, 1800, 0, Confirmation.NONE,
      false,
      ToolConfig.defaultBehavior(Action.TOGGLE), ToolConfig.Scheduling.WHEN_IDLE);
  static final ToolConfig FRONT_DOOR = new ToolConfig("front_door",
      "Tells whether the front door is open.", 5, Action.READ, true, 500,
      new ToolConfig.States("open", "closed"), 1000, 0, 0, Confirmation.NONE, false,
      ToolConfig.defaultBehavior(Action.READ), ToolConfig.Scheduling.WHEN_IDLE);

  static final List<ToolConfig> ALL = List.of(LAMP, GARAGE, FAN, HEATER, FRONT_DOOR);

  /** The declarations of {@link #ALL}, exactly as 3.8 must see them. */
  static final String DECLARATIONS_JSON = """
      [
        {"name": "set_lamp",
         "description": "Switches the desk lamp. Set \\"on\\" to true to switch it on or false \
      to switch it off. It switches itself off after 3600 seconds.",
         "parameters": {"type": "OBJECT",
           "properties": {"on": {"type": "BOOLEAN",
             "description": "true switches it on, false switches it off"}},
           "required": ["on"]},
         "behavior": "NON_BLOCKING"},
        {"name": "garage_door",
         "description": "Opens or closes the garage door. Each call switches it on for 800 ms \
      and then off again; takes no arguments. Call it at most once every 30 seconds.",
         "behavior": "NON_BLOCKING"},
        {"name": "fan",
         "description": "Sets the speed of the ceiling fan. Set \\"percent\\" from 0 (off) to \
      100 (full).",
         "parameters": {"type": "OBJECT",
           "properties": {"percent": {"type": "NUMBER", "description": "0 is off, 100 is full",
             "minimum": 0, "maximum": 100}},
           "required": ["percent"]},
         "behavior": "NON_BLOCKING"},
        {"name": "heater",
         "description": "Turns the heater on or off. Each call switches it over, from off to \
      on or from on to off; takes no arguments. It switches itself off after 1800 seconds.",
         "behavior": "NON_BLOCKING"},
        {"name": "front_door",
         "description": "Tells whether the front door is open. Takes no arguments and answers \
      \\"open\\" or \\"closed\\".",
         "behavior": "BLOCKING"}
      ]
      """;

  private SampleTools() {
  }
}
