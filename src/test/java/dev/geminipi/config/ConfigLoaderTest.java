package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final List<String> warnings = new ArrayList<>();
  private final ConfigLoader loader = new ConfigLoader(warnings::add);

  private Config parse(String json) throws ConfigException {
    return loader.parse(json, "config.json");
  }

  private List<String> errors(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).problems();
  }

  @Test
  void emptyObject_givesDefaults() throws ConfigException {
    assertEquals(Config.defaults(), parse("{}"));
    assertTrue(warnings.isEmpty());
  }

  @Test
  void exampleConfig_loadsWithoutWarnings() throws Exception {
    Config c = loader.load(Path.of("config/config.example.json"));
    assertEquals(2, c.triggers().size());
    assertTrue(c.led().isPresent());
    assertEquals(List.of("set_lamp", "open_garage", "front_door"),
        c.tools().stream().map(ToolConfig::name).toList());
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void fullConfig_readsEverySection() throws ConfigException {
    Config c = parse("""
        {"gemini": {"model": "gemini-2.5-flash-native-audio-preview-12-2025", "voice": "Kore",
                    "languageCode": "de-DE", "activityDetection": "manual", "googleSearch": true,
                    "transcription": false, "setupTimeoutMs": 5000},
         "audio": {"input": {"device": "USB", "channel": 1, "gain": 2.5},
                   "output": {"device": "seeed", "volume": 0.6}, "duplex": "full",
                   "chunkMs": 40, "preRollMs": 800, "tailMs": 200, "earcons": false},
         "camera": {"mode": "stream", "source": "command", "command": ["cam", "-o", "-"],
                    "intervalMs": 2000},
         "gpio": {"provider": "mock"},
         "triggers": [{"type": "button", "pin": 17, "mode": "push-to-talk"},
                      {"type": "input", "pin": 5, "prompt": "The doorbell rang.",
                       "edge": "falling", "cooldownSec": 60},
                      {"type": "wakeword", "model": "/m/hey_jarvis.onnx", "threshold": 0.6}],
         "led": {"pin": 18, "pwm": true},
         "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22, "action": "switch",
                    "activeHigh": false, "maxOnSec": 3600},
                   {"name": "door", "pin": 23, "action": "read",
                    "states": {"high": "open", "low": "closed"}}],
         "conversation": {"idleTimeoutSec": 30, "keepWarm": true},
         "control": {"socket": "/tmp/gp.sock"}}
        """);
    assertEquals("models/gemini-2.5-flash-native-audio-preview-12-2025", c.gemini().model());
    assertEquals(GeminiConfig.ActivityDetection.MANUAL, c.gemini().activityDetection());
    assertEquals(1, c.audio().input().channel());
    assertEquals(AudioConfig.Duplex.FULL, c.audio().duplex());
    assertEquals(List.of("cam", "-o", "-"), c.camera().command());
    assertEquals(CameraConfig.Mode.STREAM, c.camera().mode());
    assertEquals(GpioSettings.Provider.MOCK, c.gpio().provider());
    assertEquals(Trigger.Button.Mode.PUSH_TO_TALK, ((Trigger.Button) c.triggers().get(0)).mode());
    assertEquals(Trigger.Input.Edge.FALLING, ((Trigger.Input) c.triggers().get(1)).edge());
    assertEquals(Optional.empty(), ((Trigger.Wakeword) c.triggers().get(2)).prompt());
    assertEquals(new LedConfig(18, true, true), c.led().orElseThrow());
    assertEquals(new ToolConfig.States("open", "closed"), c.tools().get(1).states());
    assertEquals("Controls door.", c.tools().get(1).description());
    assertEquals(false, c.tools().get(0).activeHigh());
    assertEquals("/tmp/gp.sock", c.control().socket());
  }

  @Test
  void pinOutOfRange_namesFilePathValueAndFix() {
    assertEquals(List.of("config.json: tools[1].pin: 41 is not a GPIO line of a Raspberry Pi "
        + "header (0-27); use the BCM number, e.g. 17 for physical pin 11"), errors("""
        {"tools": [{"name": "a", "pin": 4, "action": "toggle"},
                   {"name": "b", "pin": 41, "action": "toggle"}]}"""));
  }

  @Test
  void pinMinusOne_isNotAGpioLine() {
    assertEquals(List.of("config.json: triggers[0].pin: -1 is not a GPIO line of a Raspberry Pi "
        + "header (0-27); use the BCM number, e.g. 17 for physical pin 11"),
        errors("{\"triggers\": [{\"type\": \"button\", \"pin\": -1}]}"));
  }

  @Test
  void unknownKey_twoLettersSwapped_suggestsThatKey() {
    assertEquals(List.of("config.json: led.pmw: unknown key; did you mean \"pwm\"?"),
        errors("{\"led\": {\"pin\": 18, \"pmw\": true}}"));
  }

  @Test
  void unknownKey_suggestsTheClosest() {
    assertEquals(List.of("config.json: audio.chunkMS: unknown key; did you mean \"chunkMs\"?"),
        errors("{\"audio\": {\"chunkMS\": 20}}"));
    assertEquals(List.of("config.json: gemini.api_key_env: unknown key; did you mean "
        + "\"apiKeyEnv\"?"), errors("{\"gemini\": {\"api_key_env\": \"K\"}}"));
    assertEquals(List.of("config.json: colour: unknown key; known keys here: gemini, audio, "
        + "camera, gpio, triggers, led, tools, mcp, conversation, control, log, mqtt"),
        errors("{\"colour\": 1}"));
  }

  @Test
  void wrongTypes_sayWhatWasExpected() {
    assertEquals(List.of(
        "config.json: audio.chunkMs: \"20\" is a string; expected a whole number of milliseconds "
            + "(10-100)",
        "config.json: audio.earcons: \"yes\" is a string; expected true or false",
        "config.json: gemini.voice: 3 is a number; expected a string in double quotes"),
        errors("{\"gemini\": {\"voice\": 3}, \"audio\": {\"chunkMs\": \"20\", \"earcons\": "
            + "\"yes\"}}").stream().sorted().toList());
  }

  @Test
  void badEnum_listsChoicesAndSuggests() {
    assertEquals(List.of("config.json: triggers[0].mode: \"push_to_talk\" is not one of "
        + "\"toggle\", \"push-to-talk\"; did you mean \"push-to-talk\"?"),
        errors("{\"triggers\": [{\"type\": \"button\", \"pin\": 17, \"mode\": \"push_to_talk\"}]}"));
  }

  @Test
  void pinUsedTwice_namesBothUsers() {
    assertEquals(List.of("config.json: tools[0].pin: GPIO 17 is already used by triggers[0]; "
        + "give every trigger, tool and LED its own pin"), errors("""
        {"triggers": [{"type": "button", "pin": 17}],
         "tools": [{"name": "lamp", "pin": 17, "action": "switch"}]}"""));
  }

  @Test
  void toolProblems_allReportedAtOnce() {
    List<String> e = errors("""
        {"tools": [{"pin": 4, "action": "switch"},
                   {"name": "2bad name", "pin": 5, "action": "flash"},
                   {"name": "look", "pin": 6, "action": "read"},
                   {"name": "fan", "pin": 7, "action": "pwm", "pulseMs": 60000},
                   {"name": "fan2", "pin": 8, "action": "toggle"},
                   {"name": "fan2", "pin": 9, "action": "toggle"}]}""");
    assertEquals(List.of(
        "config.json: tools[0].name: missing; give the function name the model will call, "
            + "e.g. \"set_lamp\"",
        "config.json: tools[1].name: \"2bad name\" is not a valid function name; start with a "
            + "letter or _, then use only letters, digits, _ . : - (at most 64)",
        "config.json: tools[1].action: \"flash\" is not one of \"switch\", \"pulse\", \"toggle\", "
            + "\"read\", \"pwm\"",
        "config.json: tools[2].name: \"look\" is a built-in tool of gemini-pi; choose another name",
        "config.json: tools[3].pin: GPIO 7 has no hardware PWM; use GPIO 12, 13, 18 or 19 for a "
            + "\"pwm\" tool",
        "config.json: tools[3].pulseMs: 60000 is out of range; use 10-10000 milliseconds",
        "config.json: tools[5].name: \"fan2\" is used by another tool; give each tool its own name"),
        e);
  }

  @Test
  void missingPinAndPrompt_areErrors() {
    assertEquals(List.of(
        "config.json: triggers[0].pin: missing; give the BCM GPIO number, e.g. 17 for physical "
            + "pin 11",
        "config.json: triggers[0].prompt: missing; write what the model should be told when this "
            + "input fires, e.g. \"Someone rang the doorbell.\""),
        errors("{\"triggers\": [{\"type\": \"input\"}]}"));
    assertEquals(List.of("config.json: triggers[0].type: missing; say which kind of trigger this "
        + "is: \"button\", \"input\" or \"wakeword\""), errors("{\"triggers\": [{\"pin\": 3}]}"));
  }

  @Test
  void endpointWithPathOrQuery_isRefused() {
    assertEquals(List.of("config.json: gemini.endpoint: give only scheme, host and port, e.g. "
        + "\"wss://generativelanguage.googleapis.com\"; the path is added by gemini-pi and the key "
        + "never goes in the URL"),
        errors("{\"gemini\": {\"endpoint\": \"wss://h.example/ws/x?key=abc\"}}"));
    assertEquals(List.of("config.json: gemini.endpoint: \"https://h.example\" must start with "
        + "wss:// (or ws:// for a local test server), e.g. "
        + "\"wss://generativelanguage.googleapis.com\""),
        errors("{\"gemini\": {\"endpoint\": \"https://h.example\"}}"));
  }

  @Test
  void plainWsToAnotherHost_isRefused_loopbackIsFine() throws ConfigException {
    assertEquals(List.of("config.json: gemini.endpoint: \"ws://192.168.1.5:8080\" would send "
        + "the API key unencrypted; ws:// is only for a test server on this machine (localhost, "
        + "127.0.0.1, [::1]); use wss://, e.g. \"wss://generativelanguage.googleapis.com\""),
        errors("{\"gemini\": {\"endpoint\": \"ws://192.168.1.5:8080\"}}"));
    assertEquals(1, errors("{\"gemini\": {\"endpoint\": \"ws://127.0.0.1.example.com\"}}")
        .size());
    for (String ok : List.of("ws://127.0.0.1:9000", "ws://localhost:9000", "ws://[::1]:9000",
        "WS://LocalHost", "wss://h.example")) {
      assertEquals(ok, parse("{\"gemini\": {\"endpoint\": \"" + ok + "\"}}").gemini()
          .endpoint());
    }
  }

  @Test
  void softValueOutOfRange_warnsAndUsesDefault() throws ConfigException {
    Config c = parse("{\"audio\": {\"chunkMs\": 500}}");
    assertEquals(20, c.audio().chunkMs());
    assertEquals(List.of("config.json: audio.chunkMs: 500 is outside 10-100 milliseconds; using "
        + "20"), warnings);
  }

  @Test
  void syntaxError_givesLineAndColumn() {
    assertEquals(List.of("config.json:3:3: Expected ',' or '}' (is a comma or a quote missing?)"),
        errors("{\n  \"gemini\": {}\n  \"audio\": {}\n}"));
    assertEquals(List.of("config.json:1:12: Unexpected end of input; a closing } or ] is missing"),
        errors("{\"audio\": {"));
    assertEquals(List.of("config.json: the file must hold one JSON object in braces { }, e.g. {}"),
        errors("[]"));
  }

  @Test
  void missingFile_saysWhatToDo(@TempDir Path dir) {
    Path missing = dir.resolve("config.json");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(missing));
    assertEquals(List.of(missing + ": no such file; copy config/config.example.json there, or "
        + "pass --config PATH"), e.problems());
  }

  @Test
  void notUtf8_isExplained(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("config.json");
    Files.write(f, new byte[] {'{', (byte) 0xff, '}'});
    assertEquals(List.of(f + ": not UTF-8 text; save the file as UTF-8"),
        assertThrows(ConfigException.class, () -> loader.load(f)).problems());
  }

  @Test
  void cameraMaxAgeShorterThanTheFrames_isRefusedWithTheMinimum() {
    assertEquals(List.of("config.json: camera.maxAgeMs: 500 is under 2.5 frames at "
        + "camera.framerate 2; raise it to at least 1250 or raise the framerate"),
        errors("{\"camera\": {\"mode\": \"on-request\", \"maxAgeMs\": 500}}"));
  }

  @Test
  void model_unknown_getsTheNewestRulesAndAWarning() throws ConfigException {
    Config c = parse("{\"gemini\": {\"model\": \"gemini-9-live\"}}");
    assertEquals(LiveModel.GEMINI_3_8, c.gemini().rules());
    assertEquals(List.of("config.json: gemini.model: \"gemini-9-live\" is not a model gemini-pi "
        + "knows; it is set up like \"models/gemini-3.8-live\", the newest it knows"), warnings);
  }

  @Test
  void model_extendedThinking_isRefusedWithTheFix() {
    assertEquals(List.of("config.json: gemini.model: \"gemini-3.8-live-extended-thinking\" is "
        + "not supported yet (it takes only non-blocking tools and ends turns with "
        + "interactionStatus); use \"models/gemini-3.8-live\""),
        errors("{\"gemini\": {\"model\": \"models/gemini-3.8-live-extended-thinking\"}}"));
  }

  @Test
  void model_eachKnownIdPicksItsRules() throws ConfigException {
    assertEquals(LiveModel.GEMINI_3_8, parse("{}").gemini().rules());
    assertEquals(LiveModel.GEMINI_3_1, parse("{\"gemini\": {\"model\": "
        + "\"gemini-3.1-flash-live-preview\"}}").gemini().rules());
    assertEquals(LiveModel.GEMINI_2_5, parse("{\"gemini\": {\"model\": "
        + "\"gemini-2.5-flash-native-audio-preview-12-2025\"}}").gemini().rules());
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void languageCode_on38_isIgnoredWithAWarning() throws ConfigException {
    parse("{\"gemini\": {\"languageCode\": \"de-DE\"}}");
    assertEquals(List.of("config.json: gemini.languageCode: is ignored: \"gemini-3.8-live\" "
        + "picks the language from what it hears"), warnings);
  }

  @Test
  void vadOptions_readUnderTheirWireNames_defaultsAreTheServices() throws ConfigException {
    assertEquals(new GeminiConfig.Vad(GeminiConfig.Sensitivity.HIGH,
        GeminiConfig.Sensitivity.HIGH, 0, 0), parse("{}").gemini().vad());
    assertEquals(new GeminiConfig.Vad(GeminiConfig.Sensitivity.LOW,
        GeminiConfig.Sensitivity.HIGH, 40, 800), parse("""
        {"gemini": {"startOfSpeechSensitivity": "low", "endOfSpeechSensitivity": "high",
                    "prefixPaddingMs": 40, "silenceDurationMs": 800}}""").gemini().vad());
    assertEquals(List.of("config.json: gemini.endOfSpeechSensitivity: \"medium\" is not one of "
        + "\"high\", \"low\""), errors("{\"gemini\": {\"endOfSpeechSensitivity\": \"medium\"}}"));
  }

  @Test
  void toolBehavior_defaultsPerAction_overridable_andForcedBlockingOn31() throws ConfigException {
    String tools = """
        "tools": [{"name": "lamp", "pin": 22, "action": "switch"},
                  {"name": "door", "pin": 23, "action": "read"},
                  {"name": "bell", "pin": 24, "action": "pulse", "behavior": "blocking"},
                  {"name": "fan", "pin": 18, "action": "pwm", "scheduling": "silent"}]""";
    Config c = parse("{" + tools + "}");
    assertEquals(List.of("NON_BLOCKING WHEN_IDLE", "BLOCKING WHEN_IDLE", "BLOCKING WHEN_IDLE",
        "NON_BLOCKING SILENT"), c.tools().stream().map(t -> t.behavior() + " "
        + t.scheduling()).toList());
    c = parse("{\"gemini\": {\"model\": \"gemini-3.1-flash-live-preview\"}, " + tools + "}");
    assertEquals(List.of("BLOCKING", "BLOCKING", "BLOCKING", "BLOCKING"),
        c.tools().stream().map(t -> t.behavior().toString()).toList());
    assertEquals(List.of(), warnings, "bell says blocking, which 3.1 does anyway");
    parse("{\"gemini\": {\"model\": \"gemini-3.1-flash-live-preview\"}, \"tools\": [{\"name\": "
        + "\"lamp\", \"pin\": 22, \"action\": \"switch\", \"behavior\": \"non-blocking\"}]}");
    assertEquals(List.of("config.json: tools[0].behavior: \"non-blocking\" is ignored: this model "
        + "runs every call blocking; use \"models/gemini-3.8-live\" for non-blocking tools"),
        warnings);
  }

  @Test
  void inputChannel_mixOrAnIndex_minusOneIsRefusedWithTheWordToUse() throws Exception {
    assertEquals(List.of("config.json: audio.input.channel: -1 is not a channel; use \"mix\" to "
        + "average all channels or a channel index 0-7"),
        errors("{\"audio\": {\"input\": {\"channel\": -1}}}"));
    assertTrue(new ConfigLoader(w -> { }).parse("{\"audio\": {\"input\": {\"channel\": "
        + "\"mix\"}}}", "config.json").audio().input().mixChannels());
  }

  @Test
  void logTranscripts_offByDefault_onWhenAsked_refusesAString() throws Exception {
    assertFalse(new ConfigLoader(w -> { }).parse("{}", "config.json").log().transcripts());
    assertTrue(new ConfigLoader(w -> { }).parse("{\"log\": {\"transcripts\": true}}",
        "config.json").log().transcripts());
    assertEquals(1, errors("{\"log\": {\"transcripts\": \"yes\"}}").size());
  }
}
