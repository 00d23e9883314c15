package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.config.Config;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.Trigger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Home Assistant's device-based discovery message for one device: the device, the origin, and
 * one component per entity, all sharing the availability topic. What each component means is
 * in docs/home-assistant.md; the keys are those Home Assistant's MQTT platforms document.
 */
final class Discovery {
  /** The state sensor's options: the lower-case {@code status} states. */
  static final String[] STATES = {"idle", "connecting", "listening", "thinking", "speaking",
      "error", "offline"};
  static final String[] EVENT_TYPES = {"button_press", "wake_word"};
  static final String ON = "ON";
  static final String OFF = "OFF";
  static final String PRESS = "PRESS";

  private Discovery() {
  }

  /** The components, in a stable order, keyed by their id within the device. */
  static Map<String, JsonObject> components(Config config, Topics t) {
    Map<String, JsonObject> c = new LinkedHashMap<>();
    c.put("state", component("sensor", "State", t, "state")
        .add("state_topic", t.state())
        .add("device_class", "enum")
        .add("options", Json.array(STATES))
        .add("icon", "mdi:account-voice"));
    c.put("talk", component("button", "Talk", t, "talk")
        .add("command_topic", t.talk()).add("payload_press", PRESS).add("icon", "mdi:microphone-message"));
    c.put("hangup", component("button", "Hang up", t, "hangup")
        .add("command_topic", t.hangup()).add("payload_press", PRESS).add("icon", "mdi:phone-hangup"));
    c.put("volume", component("number", "Volume", t, "volume")
        .add("command_topic", t.volumeSet()).add("state_topic", t.volumeState())
        .add("min", 0).add("max", 100).add("step", 1).add("mode", "slider")
        .add("unit_of_measurement", "%").add("icon", "mdi:volume-high"));
    c.put("mute", switchOf(component("switch", "Microphone mute", t, "mute"), t.muteSet(),
        t.muteState()).add("icon", "mdi:microphone-off"));
    c.put("event", component("event", "Event", t, "event")
        .add("state_topic", t.events()).add("event_types", Json.array(EVENT_TYPES)));
    c.put("announce", component("notify", "Announce", t, "announce")
        .add("command_topic", t.announce()));
    c.put("last_error", component("sensor", "Last error", t, "last_error")
        .add("state_topic", t.lastError()).add("entity_category", "diagnostic")
        .add("icon", "mdi:alert-circle-outline"));
    for (ToolConfig tool : config.tools()) {
      String id = "output_" + tool.name();
      switch (tool.action()) {
        case SWITCH, TOGGLE -> c.put(id, spokenYes(tool)
            // A spoken yes needs the model to ask: from Home Assistant shown, not driven.
            ? component("binary_sensor", tool.name(), t, id)
                .add("state_topic", t.outputState(tool.name()))
            : switchOf(component("switch", tool.name(), t, id), t.outputSet(tool.name()),
                t.outputState(tool.name())));
        case PULSE -> {
          if (!spokenYes(tool)) {
            c.put(id, component("button", tool.name(), t, id)
                .add("command_topic", t.outputPress(tool.name())).add("payload_press", PRESS));
          }
        }
        case READ -> c.put("input_" + tool.name(), component("binary_sensor", tool.name(), t,
            "input_" + tool.name()).add("state_topic", t.input(tool.name())));
        case PWM -> { } // a duty cycle is no switch; left to the model for now
      }
    }
    for (Trigger trigger : config.triggers()) {
      if (trigger instanceof Trigger.Input in) {
        String name = inputName(in);
        c.put("input_" + name, component("binary_sensor", "Input GPIO " + in.pin(), t,
            "input_" + name).add("state_topic", t.input(name)));
      }
    }
    return c;
  }

  /** The whole retained discovery payload. */
  static JsonObject payload(Map<String, JsonObject> components, Topics t, String version) {
    JsonObject cmps = new JsonObject();
    components.forEach(cmps::add);
    return new JsonObject()
        .add("dev", new JsonObject()
            .add("ids", Json.array("gemini-pi_" + t.node()))
            .add("name", t.node())
            .add("mf", "gemini-pi")
            .add("mdl", "gemini-pi voice assistant")
            .add("sw", version))
        .add("o", new JsonObject()
            .add("name", "gemini-pi")
            .add("sw", version))
        .add("cmps", cmps)
        .add("availability_topic", t.availability())
        .add("payload_available", Link.ONLINE)
        .add("payload_not_available", Link.OFFLINE)
        .add("qos", 1);
  }

  /**
   * The payload that removes components a config reload dropped: Home Assistant removes a
   * component of a device when it is published once with only its platform ({@code p}).
   */
  static JsonObject tombstone(JsonObject clean, Map<String, String> removedPlatforms) {
    JsonObject t = Json.parse(clean.toString()).asObject();
    JsonObject cmps = t.get("cmps").asObject();
    removedPlatforms.forEach((id, platform) -> cmps.add(id, new JsonObject().add("p", platform)));
    return t;
  }

  /** Components of an earlier payload, by id and platform; only-{@code p} ones are gone. */
  static Map<String, String> livePlatforms(JsonValue payload) {
    Map<String, String> out = new LinkedHashMap<>();
    if (payload == null || !payload.isObject()) {
      return out;
    }
    JsonValue cmps = payload.asObject().get("cmps");
    if (cmps == null || !cmps.isObject()) {
      return out;
    }
    for (JsonObject.Member m : cmps.asObject()) {
      if (m.getValue().isObject() && m.getValue().asObject().size() > 1) {
        out.put(m.getName(), m.getValue().asObject().getString("p", "sensor"));
      }
    }
    return out;
  }

  /** Confirmed by voice: Home Assistant cannot drive it (a button confirmation it can). */
  static boolean spokenYes(ToolConfig tool) {
    return tool.confirm().kind() == ToolConfig.Confirmation.Kind.VOICE;
  }

  static String inputName(Trigger.Input in) {
    return "gpio" + in.pin();
  }

  private static JsonObject component(String platform, String name, Topics t, String id) {
    return new JsonObject()
        .add("p", platform)
        .add("name", name)
        .add("unique_id", "gemini-pi_" + t.node() + "_" + id);
  }

  private static JsonObject switchOf(JsonObject c, String command, String state) {
    return c.add("command_topic", command).add("state_topic", state)
        .add("payload_on", ON).add("payload_off", OFF);
  }

  static JsonArray array(String... values) {
    return Json.array(values);
  }
}
