package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.MqttRecorder;
import dev.geminipi.testkit.PulseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon jar as Home Assistant drives it over a real Mosquitto (issue 17, point 4): a mock
 * relay switched, a conversation started, an announcement spoken, the microphone muted and
 * unmuted, and {@code offline} left retained when the process is killed.
 */
class HomeAssistantIT {
  static final String BASE = "gemini-pi/e2e";
  static final String AVAILABILITY = "gemini-pi/_shared/devices/e2e";

  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private Mosquitto broker;
  private MqttRecorder ha;
  private DaemonProcess daemon;

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    if (ha != null) {
      ha.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (pulse != null) {
      pulse.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> env() {
    return Map.of("HOME", dir.resolve("home").toString(), "GEMINI_API_KEY",
        FakeLiveServer.API_KEY);
  }

  private JsonObject status() throws Exception {
    DaemonProcess.Run r = DaemonProcess.cli(env(), "status", "--json", "--socket",
        dir.resolve("control.sock").toString());
    assertEquals(0, r.code(), r.out());
    return Json.parse(r.out().strip()).asObject();
  }

  @Test
  void homeAssistant_switchesTalksAnnouncesMutes_andKillLeavesOffline() throws Exception {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[32_000]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
    broker = Mosquitto.start(dir.resolve("broker"));
    ha = MqttRecorder.connect(broker.tcp(), "homeassistant/#", "gemini-pi/#");
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "gpio": {"provider": "mock"},
         "led": {"pin": 25},
         "triggers": [{"type": "button", "pin": 17}],
         "tools": [{"name": "set_lamp", "description": "the lamp", "pin": 22,
                    "action": "switch"},
                   {"name": "open_garage", "description": "the garage", "pin": 23,
                    "action": "pulse", "pulseMs": 200, "confirm": "button"}],
         "control": {"socket": "%s"},
         "mqtt": {"broker": "%s", "nodeId": "e2e"}}
        """.formatted(server.endpoint(), dir.resolve("control.sock"), broker.url()));
    daemon = DaemonProcess.start(config, env());
    daemon.awaitLine("ready in", Duration.ofSeconds(20));
    JsonObject discovery = Json.parse(ha.take("homeassistant/device/e2e/config").payload())
        .asObject();
    assertTrue(discovery.get("cmps").asObject().get("output_set_lamp") != null);
    ha.take(AVAILABILITY, "online");

    // The relay: the router's audit line, the retained state, and status.
    ha.publish(BASE + "/output/set_lamp/set", "ON");
    daemon.awaitLine("tool=set_lamp args={\"on\":true} pin=22 level=high",
        Duration.ofSeconds(10));
    ha.take(BASE + "/output/set_lamp", "ON");
    JsonObject s = status();
    assertEquals(true, s.get("outputs").asObject().get("set_lamp").asObject()
        .getBoolean("on", false));
    assertEquals(true, s.get("mqtt").asObject().getBoolean("connected", false));

    // A tool with confirm waits at the same gate as the model's calls, asked by "mqtt".
    ha.publish(BASE + "/output/open_garage/press", "PRESS");
    daemon.awaitLine("tool=open_garage args={} pin=23 source=mqtt confirm=button outcome=asked",
        Duration.ofSeconds(10));
    assertEquals(false, status().get("outputs").asObject().get("open_garage").asObject()
        .getBoolean("on", true), "nothing moves before the button on the device is pressed");

    // Talk: a session opens on the fake service, and the state follows.
    ha.publish(BASE + "/talk/press", "PRESS");
    server.takeMessage("setup", Duration.ofSeconds(10));
    ha.take(BASE + "/state", "connecting");
    ha.take(BASE + "/state", "listening");

    // Announce: the text reaches the model through the say path, as a user turn on 3.8.
    ha.publish(BASE + "/announce", "Dinner is ready");
    String text = server.takeMessage("clientContent", Duration.ofSeconds(10)).body()
        .get("turns").asArray().get(0).asObject().get("parts").asArray().get(0).asObject()
        .getString("text", "");
    assertTrue(text.endsWith("Dinner is ready"), text);

    // Mute and unmute.
    ha.publish(BASE + "/mute/set", "ON");
    ha.take(BASE + "/mute", "ON");
    daemon.awaitLine("mqtt: microphone muted", Duration.ofSeconds(5));
    assertEquals(true, status().get("mqtt").asObject().getBoolean("muted", false));
    ha.publish(BASE + "/mute/set", "OFF");
    ha.take(BASE + "/mute", "OFF");
    assertEquals(false, status().get("mqtt").asObject().getBoolean("muted", true));

    // Killed, not stopped: the broker publishes the last will.
    daemon.close();
    ha.take(AVAILABILITY, "offline");
    try (MqttRecorder late = MqttRecorder.connect(broker.tcp(), AVAILABILITY)) {
      MqttRecorder.Message m = late.take(AVAILABILITY);
      assertEquals("offline", m.payload());
      assertTrue(m.retained());
    }
  }
}
