package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.geminipi.config.MqttToolConfig.Await;
import dev.geminipi.config.MqttToolConfig.Parameter;
import dev.geminipi.config.MqttToolConfig.Payload;
import dev.geminipi.config.MqttToolConfig.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The {@code "action": "mqtt"} entries of {@code tools}: what loads, and every refusal. */
class MqttToolConfigTest {
  private static final String MQTT = "\"mqtt\": {\"broker\": \"mqtt://127.0.0.1:1883\"}";

  private final List<String> warnings = new ArrayList<>();
  private final ConfigLoader loader = new ConfigLoader(warnings::add);

  private Config parse(String json) throws ConfigException {
    return loader.parse(json, "config.json");
  }

  private List<String> errors(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).problems();
  }

  private static String withTools(String tools) {
    return "{" + MQTT + ", \"tools\": " + tools + "}";
  }

  @Test
  void fullEntry_readsEveryKey_andStaysOutOfThePinTools() throws ConfigException {
    Config c = parse("""
        {"gemini": {"transcription": true}, %s,
         "tools": [{"name": "set_lamp", "pin": 22, "action": "switch"},
                   {"name": "set_scene", "action": "mqtt", "description": "the living room",
                    "topic": "home/living/scene/set",
                    "payload": {"scene": "{{scene}}", "level": "{{level}}"},
                    "retain": true,
                    "parameters": {
                      "scene": {"type": "string", "enum": ["relax", "movie"],
                                "description": "the mood"},
                      "level": {"type": "integer", "minimum": 0, "maximum": 100}},
                    "await": {"topic": "home/living/scene/done", "timeoutMs": 3000},
                    "confirm": "voice", "confirmWindowSec": 30,
                    "behavior": "non-blocking", "scheduling": "silent"}]}
        """.formatted(MQTT));
    assertEquals(List.of("set_lamp"), c.tools().stream().map(ToolConfig::name).toList());
    assertEquals(new MqttToolConfig("set_scene", "the living room", "home/living/scene/set",
        new Payload(Payload.Kind.JSON, "{\"scene\":\"{{scene}}\",\"level\":\"{{level}}\"}"),
        true,
        List.of(new Parameter("scene", Type.STRING, "the mood", List.of("relax", "movie"),
                OptionalDouble.empty(), OptionalDouble.empty(), 100),
            new Parameter("level", Type.INTEGER, "", List.of(), OptionalDouble.of(0),
                OptionalDouble.of(100), 100)),
        Optional.of(new Await("home/living/scene/done", 3000)),
        new ToolConfig.Confirmation(ToolConfig.Confirmation.Kind.VOICE, 30, List.of()),
        ToolConfig.Behavior.NON_BLOCKING, ToolConfig.Scheduling.SILENT),
        c.mqttTools().get(0));
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void defaults_nonBlockingWithTheArgumentsAsPayload_blockingWhenItAwaits()
      throws ConfigException {
    Config c = parse(withTools("""
        [{"name": "doorbell_chime", "action": "mqtt", "topic": "home/chime"},
         {"name": "garage_state", "action": "mqtt", "topic": "home/garage/get",
          "payload": "?", "await": {"topic": "home/garage/state"}}]
        """));
    MqttToolConfig chime = c.mqttTools().get(0);
    assertEquals(Payload.ARGUMENTS, chime.payload());
    assertEquals("Controls doorbell chime.", chime.description());
    assertEquals(ToolConfig.Behavior.NON_BLOCKING, chime.behavior());
    assertEquals(ToolConfig.Scheduling.WHEN_IDLE, chime.scheduling());
    assertEquals(ToolConfig.Confirmation.NONE, chime.confirm());
    assertEquals(Optional.empty(), chime.await());
    MqttToolConfig garage = c.mqttTools().get(1);
    assertEquals(new Payload(Payload.Kind.TEXT, "?"), garage.payload());
    assertEquals(ToolConfig.Behavior.BLOCKING, garage.behavior());
    assertEquals(Optional.of(new Await("home/garage/state", MqttToolConfig.DEFAULT_TIMEOUT_MS)),
        garage.await());
  }

  @Test
  void mqttToolWithoutAnMqttSection_isOneErrorWithTheFix() {
    assertEquals(List.of("config.json: tools[0].action: \"mqtt\" publishes through the broker "
        + "of the mqtt section, and there is none; add e.g. \"mqtt\": {\"broker\": "
        + "\"mqtt://homeassistant.local:1883\"}"),
        errors("""
            {"tools": [{"name": "a", "action": "mqtt", "topic": "x/a"},
                       {"name": "b", "action": "mqtt", "topic": "x/b"}]}
            """));
  }

  @Test
  void badEntries_areAllReportedWithPathAndFix() {
    assertEquals(List.of(
        "config.json: tools[0].topic: missing; give the topic, e.g. "
            + "\"home/living-room/scene/set\"",
        "config.json: tools[0].parameters.level.enum: applies to \"string\" parameters only; "
            + "remove it, or use minimum and maximum for numbers",
        "config.json: tools[0].parameters.level.minimum: is above maximum; swap them",
        "config.json: tools[0].parameters.mood.type: missing; use one of \"string\", "
            + "\"integer\", \"number\", \"boolean\"",
        "config.json: tools[0].parameters.step.minimum: 0.5 is not a whole number, and the "
            + "parameter is an \"integer\"",
        "config.json: tools[0].payload: {{scen}} names no parameter; did you mean {{scene}}?",
        "config.json: tools[0].await.topic: \"home/+/state\" has a wildcard (+ or #); give one "
            + "topic, e.g. \"home/living-room/scene/set\"",
        "config.json: tools[0].await.timeoutMs: 90000 is out of range; use 100-60000 "
            + "milliseconds",
        "config.json: tools[0].topc: unknown key; did you mean \"topic\"?",
        "config.json: tools[1].topic: \"$SYS/broker\" is reserved by the broker; give a topic "
            + "of your own, e.g. \"home/living-room/scene/set\"",
        "config.json: tools[3].name: \"set_lamp\" is used by another tool; give each tool its "
            + "own name"),
        errors(withTools("""
            [{"name": "set_scene", "action": "mqtt", "topc": "home/scene",
              "parameters": {
                "scene": {"type": "string", "enum": ["relax"]},
                "level": {"type": "integer", "enum": ["1"], "minimum": 10, "maximum": 5},
                "mood": {"description": "no type"},
                "step": {"type": "integer", "minimum": 0.5}},
              "payload": {"s": "{{scen}}"},
              "await": {"topic": "home/+/state", "timeoutMs": 90000}},
             {"name": "sys", "action": "mqtt", "topic": "$SYS/broker"},
             {"name": "set_lamp", "action": "mqtt", "topic": "home/lamp"},
             {"name": "set_lamp", "pin": 22, "action": "switch"}]
            """)));
  }

  @Test
  void confirmButton_needsAButtonTrigger_asForPins() {
    assertEquals(List.of("config.json: tools[0].confirm: \"button\" needs a button trigger to "
        + "press, and triggers has none; add {\"type\": \"button\", \"pin\": 17} to triggers, "
        + "or use \"voice\""),
        errors(withTools("""
            [{"name": "open_gate", "action": "mqtt", "topic": "home/gate", "confirm": "button"}]
            """)));
  }

  @Test
  void nonBlockingOnAModelThatBlocksEveryCall_isAWarning() throws ConfigException {
    Config c = parse("""
        {"gemini": {"model": "gemini-3.1-flash-live-preview"}, %s,
         "tools": [{"name": "chime", "action": "mqtt", "topic": "home/chime",
                    "behavior": "non-blocking"}]}
        """.formatted(MQTT));
    assertEquals(ToolConfig.Behavior.BLOCKING, c.mqttTools().get(0).behavior());
    assertEquals(List.of("config.json: tools[0].behavior: \"non-blocking\" is ignored: this "
        + "model runs every call blocking; use \"" + GeminiConfig.DEFAULT_MODEL
        + "\" for non-blocking tools"), warnings);
  }
}
