package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.config.MqttConfig;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.MqttRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MqttHome against a real Mosquitto, with Home Assistant played by an MQTT test client. */
class MqttHomeTest {
  static final String DISCOVERY = "homeassistant/device/kitchen/config";
  static final String AVAILABILITY = "gemini-pi/_shared/devices/kitchen";

  @TempDir
  Path dir;
  private Mosquitto broker;
  private MqttRecorder ha;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final RecordingControls controls = new RecordingControls();

  @BeforeEach
  void startBroker() throws Exception {
    broker = Mosquitto.start(dir.resolve("broker"));
    ha = MqttRecorder.connect(broker.tcp(), "homeassistant/#", "gemini-pi/#");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    ha.close();
    broker.close();
    scheduler.shutdownNow();
  }

  static Config config(String tools, String mqtt) throws Exception {
    return new ConfigLoader(w -> { }).parse("""
        {"gpio": {"provider": "mock"},
         "triggers": [{"type": "input", "pin": 5, "edge": "falling", "prompt": "Doorbell."}],
         "tools": %s,
         "mqtt": %s}
        """.formatted(tools, mqtt), "config.json");
  }

  static final String TOOLS = """
      [{"name": "set_lamp", "description": "the lamp", "pin": 22, "action": "switch"},
       {"name": "bell", "description": "the bell", "pin": 23, "action": "pulse", "pulseMs": 200},
       {"name": "garage", "description": "the garage", "pin": 24, "action": "pulse",
        "confirm": "voice"},
       {"name": "door", "description": "the door", "pin": 6, "action": "read"}]
      """;

  private MqttHome home(Config config) {
    return home(config, Map.of());
  }

  private MqttHome home(Config config, Map<String, String> env) {
    MqttHome h = MqttHome.start(config.mqtt().orElseThrow(), config, "1.2.3", env, controls,
        scheduler);
    open.add(h);
    return h;
  }

  private MqttHome kitchen() throws Exception {
    return home(config(TOOLS, "{\"broker\": \"" + broker.url() + "\", \"nodeId\": \"kitchen\"}"));
  }

  @Test
  void connect_publishesExactDiscoveryAndOnlineRetained() throws Exception {
    kitchen();
    MqttRecorder.Message d = ha.take(DISCOVERY);
    assertEquals(Json.parse(EXPECTED_DISCOVERY), Json.parse(d.payload()));
    ha.take(AVAILABILITY, "online");
    // A client that comes later (Home Assistant restarting) gets both retained.
    try (MqttRecorder late = MqttRecorder.connect(broker.tcp(), DISCOVERY, AVAILABILITY)) {
      assertTrue(late.take(DISCOVERY).retained());
      assertEquals("online", late.take(AVAILABILITY).payload());
    }
  }

  @Test
  void discovery_hasWhatHomeAssistantRequiresOfEachPlatform() throws Exception {
    kitchen();
    JsonObject d = Json.parse(ha.take(DISCOVERY).payload()).asObject();
    assertFalse(d.get("dev").asObject().get("ids").asArray().isEmpty(), "device identifiers");
    assertFalse(d.get("o").asObject().getString("name", "").isEmpty(), "origin name");
    assertEquals(AVAILABILITY, d.getString("availability_topic", ""));
    Map<String, List<String>> required = Map.of(
        "sensor", List.of("state_topic"),
        "binary_sensor", List.of("state_topic"),
        "switch", List.of("command_topic"),
        "button", List.of("command_topic"),
        "number", List.of("command_topic"),
        "event", List.of("state_topic", "event_types"),
        "notify", List.of("command_topic"));
    List<String> uniqueIds = new ArrayList<>();
    for (JsonObject.Member m : d.get("cmps").asObject()) {
      JsonObject c = m.getValue().asObject();
      String platform = c.getString("p", "");
      assertTrue(required.containsKey(platform), m.getName() + ": platform " + platform);
      for (String key : required.get(platform)) {
        assertTrue(c.get(key) != null, m.getName() + " (" + platform + ") lacks " + key);
      }
      uniqueIds.add(c.getString("unique_id", ""));
    }
    assertEquals(uniqueIds.size(), uniqueIds.stream().distinct().count(), "unique_id clash");
    assertFalse(uniqueIds.contains(""), "a component without unique_id");
    JsonObject state = d.get("cmps").asObject().get("state").asObject();
    assertEquals("enum", state.getString("device_class", ""));
  }

  @Test
  void commands_goToTheControls_voiceConfirmedToolRefused() throws Exception {
    kitchen();
    ha.take(AVAILABILITY, "online");
    ha.publish("gemini-pi/kitchen/output/set_lamp/set", "ON");
    assertEquals("mqtt-1 set_lamp {\"on\":true}", controls.take());
    ha.publish("gemini-pi/kitchen/output/bell/press", "PRESS");
    assertEquals("mqtt-2 bell {}", controls.take());
    try (LogCapture log = LogCapture.open()) {
      ha.publish("gemini-pi/kitchen/output/garage/press", "PRESS");
      ha.take("gemini-pi/kitchen/last_error", "garage is confirmed by voice (confirm is "
          + "\"voice\"), so Home Assistant cannot move it; ask the assistant instead");
      assertTrue(log.warnings().stream().anyMatch(l -> l.contains("refused a command")));
    }
    ha.publish("gemini-pi/kitchen/talk/press", "PRESS");
    assertEquals("{\"cmd\":\"talk\"}", controls.take());
    ha.publish("gemini-pi/kitchen/announce", "Dinner is ready");
    assertEquals("{\"cmd\":\"say\",\"text\":\"" + MqttHome.ANNOUNCE + "Dinner is ready\"}",
        controls.take());
    ha.publish("gemini-pi/kitchen/volume/set", "35");
    assertEquals("volume 0.35", controls.take());
    ha.take("gemini-pi/kitchen/volume", "35");
    ha.publish("gemini-pi/kitchen/mute/set", "ON");
    assertEquals("mute true", controls.take());
    ha.take("gemini-pi/kitchen/mute", "ON");
    ha.publish("gemini-pi/kitchen/hangup/press", "PRESS");
    assertEquals("{\"cmd\":\"hangup\"}", controls.take());
  }

  @Test
  void state_isRetainedOnChangeOnly_andInputsFollowTheirPins() throws Exception {
    MqttHome home = kitchen();
    ha.take("gemini-pi/kitchen/state", "idle");
    home.state("connecting");
    home.state("connecting");
    home.state("listening");
    ha.take("gemini-pi/kitchen/state", "connecting");
    assertEquals("listening", ha.take("gemini-pi/kitchen/state").payload(),
        "connecting published twice");
    home.pinChanged(6, true);
    ha.take("gemini-pi/kitchen/input/door", "ON");
    home.pinChanged(5, true);
    ha.take("gemini-pi/kitchen/input/gpio5", "OFF");
    home.pinChanged(5, false); // the doorbell fires on a falling edge: low is on
    ha.take("gemini-pi/kitchen/input/gpio5", "ON");
    controls.outputs = Json.parse("{\"set_lamp\":{\"pin\":22,\"on\":true}}").asObject();
    home.pinChanged(22, true);
    ha.take("gemini-pi/kitchen/output/set_lamp", "ON");
    home.event("wake_word", "hey_jarvis");
    assertEquals("{\"event_type\":\"wake_word\",\"source\":\"hey_jarvis\"}",
        ha.take("gemini-pi/kitchen/event").payload());
  }

  @Test
  void homeAssistantOnline_republishesDiscoveryAndState() throws Exception {
    kitchen();
    ha.take(DISCOVERY);
    ha.take(AVAILABILITY, "online");
    ha.publish("homeassistant/status", "online");
    ha.take(DISCOVERY);
    ha.take("gemini-pi/kitchen/state", "idle");
  }

  @Test
  void reloadWithoutATool_removesItsComponent() throws Exception {
    MqttHome first = kitchen();
    ha.take(DISCOVERY);
    first.close();
    ha.take(AVAILABILITY, "offline");
    home(config("[]", "{\"broker\": \"" + broker.url() + "\", \"nodeId\": \"kitchen\"}"));
    JsonObject tombstone = Json.parse(ha.take(DISCOVERY, m -> m.payload().contains(
        "\"output_set_lamp\":{\"p\":\"switch\"}"), java.time.Duration.ofSeconds(10)).payload())
        .asObject();
    assertEquals(Json.parse("{\"p\":\"button\"}"),
        tombstone.get("cmps").asObject().get("output_bell"));
    JsonObject clean = Json.parse(ha.take(DISCOVERY).payload()).asObject();
    assertEquals(null, clean.get("cmps").asObject().get("output_set_lamp"));
    assertEquals(null, clean.get("cmps").asObject().get("input_door"));
  }

  @Test
  void close_leavesOfflineRetained() throws Exception {
    MqttHome home = kitchen();
    ha.take(AVAILABILITY, "online");
    home.close();
    ha.take(AVAILABILITY, "offline");
    try (MqttRecorder late = MqttRecorder.connect(broker.tcp(), AVAILABILITY)) {
      assertEquals("offline", late.take(AVAILABILITY).payload());
    }
  }

  @Test
  void brokerDown_oneWarningAndStatus_thenReconnects() throws Exception {
    int port = broker.port();
    ha.close();
    broker.close();
    try (LogCapture log = LogCapture.open()) {
      MqttHome home = home(config("[]", "{\"broker\": \"mqtt://127.0.0.1:" + port
          + "\", \"nodeId\": \"kitchen\"}"));
      awaitOutage(home);
      JsonObject s = home.status();
      assertEquals(false, s.getBoolean("connected", true));
      assertEquals(1, s.getLong("outages", 0));
      assertTrue(s.getString("lastError", "").startsWith("cannot reach mqtt://127.0.0.1:" + port),
          s.toString());
      List<String> warnings = log.warnings().stream().filter(l -> l.contains("mqtt:")).toList();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("conversations go on"), warnings.get(0));
    }
  }

  @Test
  void refusedLogin_saysWhichVariableToCheck() throws Exception {
    ha.close();
    broker.close();
    broker = Mosquitto.start(dir.resolve("secure"), "pi", "right");
    Config config = config("[]", "{\"broker\": \"" + broker.url() + "\", \"nodeId\": "
        + "\"kitchen\", \"username\": \"pi\"}");
    MqttHome home = home(config, Map.of("MQTT_PASSWORD", "wrong"));
    awaitOutage(home);
    assertEquals(broker.url() + " refused the login of \"pi\"; check mqtt.username and "
        + "MQTT_PASSWORD in /etc/gemini-pi/env", home.status().getString("lastError", ""));
  }

  /** Waits, bounded, for the link to count its first outage. */
  private static void awaitOutage(MqttHome home) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (home.status().getLong("outages", 0) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no outage within 10 s: " + home.status());
      }
      Thread.sleep(10);
    }
  }

  static final String EXPECTED_DISCOVERY = """
        {"dev":{"ids":["gemini-pi_kitchen"],"name":"kitchen","mf":"gemini-pi","mdl":"gemini-pi voice assistant","sw":"1.2.3"},
        "o":{"name":"gemini-pi","sw":"1.2.3"},
        "cmps":{"state":{"p":"sensor","name":"State","unique_id":"gemini-pi_kitchen_state","state_topic":"gemini-pi/kitchen/state","device_class":"enum","options":["idle","connecting","listening","thinking","speaking","error","offline"],"icon":"mdi:account-voice"},
        "talk":{"p":"button","name":"Talk","unique_id":"gemini-pi_kitchen_talk","command_topic":"gemini-pi/kitchen/talk/press","payload_press":"PRESS","icon":"mdi:microphone-message"},
        "hangup":{"p":"button","name":"Hang up","unique_id":"gemini-pi_kitchen_hangup","command_topic":"gemini-pi/kitchen/hangup/press","payload_press":"PRESS","icon":"mdi:phone-hangup"},
        "volume":{"p":"number","name":"Volume","unique_id":"gemini-pi_kitchen_volume","command_topic":"gemini-pi/kitchen/volume/set","state_topic":"gemini-pi/kitchen/volume","min":0,"max":100,"step":1,"mode":"slider","unit_of_measurement":"%","icon":"mdi:volume-high"},
        "mute":{"p":"switch","name":"Microphone mute","unique_id":"gemini-pi_kitchen_mute","command_topic":"gemini-pi/kitchen/mute/set","state_topic":"gemini-pi/kitchen/mute","payload_on":"ON","payload_off":"OFF","icon":"mdi:microphone-off"},
        "event":{"p":"event","name":"Event","unique_id":"gemini-pi_kitchen_event","state_topic":"gemini-pi/kitchen/event","event_types":["button_press","wake_word"]},
        "announce":{"p":"notify","name":"Announce","unique_id":"gemini-pi_kitchen_announce","command_topic":"gemini-pi/kitchen/announce"},
        "last_error":{"p":"sensor","name":"Last error","unique_id":"gemini-pi_kitchen_last_error","state_topic":"gemini-pi/kitchen/last_error","entity_category":"diagnostic","icon":"mdi:alert-circle-outline"},
        "output_set_lamp":{"p":"switch","name":"set_lamp","unique_id":"gemini-pi_kitchen_output_set_lamp","command_topic":"gemini-pi/kitchen/output/set_lamp/set","state_topic":"gemini-pi/kitchen/output/set_lamp","payload_on":"ON","payload_off":"OFF"},
        "output_bell":{"p":"button","name":"bell","unique_id":"gemini-pi_kitchen_output_bell","command_topic":"gemini-pi/kitchen/output/bell/press","payload_press":"PRESS"},
        "input_door":{"p":"binary_sensor","name":"door","unique_id":"gemini-pi_kitchen_input_door","state_topic":"gemini-pi/kitchen/input/door"},
        "input_gpio5":{"p":"binary_sensor","name":"Input GPIO 5","unique_id":"gemini-pi_kitchen_input_gpio5","state_topic":"gemini-pi/kitchen/input/gpio5"}},
        "availability_topic":"gemini-pi/_shared/devices/kitchen","payload_available":"online","payload_not_available":"offline","qos":1}""";
}
