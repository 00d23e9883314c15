package dev.geminipi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import dev.geminipi.testkit.DaemonProcess;
import dev.geminipi.testkit.FakeLiveServer;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.MqttRecorder;
import dev.geminipi.testkit.PulseServer;
import dev.geminipi.testkit.Received;
import dev.geminipi.testkit.SdkMessageCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as a process with an {@code "action": "mqtt"} tool and a real Mosquitto: the strict
 * fake Live server accepts its declaration and calls it; the broker sees the publish; a home
 * automation (an MQTT test client) replies on the reply topic; the function response carries
 * that reply. A call with a value outside the enum publishes nothing.
 */
class MqttActionEndToEndIT {
  static final String AVAILABILITY = "gemini-pi/_shared/devices/e2e";

  @TempDir
  Path dir;
  private FakeLiveServer server;
  private PulseServer pulse;
  private Mosquitto broker;
  private MqttRecorder automation;
  private DaemonProcess daemon;

  @AfterEach
  void tearDown() {
    if (daemon != null) {
      daemon.close();
    }
    if (automation != null) {
      automation.close();
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

  @Test
  void modelCallsAnMqttAction_brokerSeesThePublish_responseCarriesTheReply() throws Exception {
    server = FakeLiveServer.start();
    pulse = PulseServer.start(dir.resolve("pulse"));
    Files.createDirectories(dir.resolve("out"));
    Path mic = dir.resolve("mic.raw");
    Files.write(mic, new byte[0]);
    pulse.writeAsoundrc(dir.resolve("home"), mic, dir.resolve("out"));
    broker = Mosquitto.start(dir.resolve("broker"));
    automation = MqttRecorder.connect(broker.tcp(), "home/#", AVAILABILITY);
    Path config = dir.resolve("config.json");
    Files.writeString(config, """
        {"gemini": {"endpoint": "%s"},
         "camera": {"mode": "off"},
         "gpio": {"provider": "mock"},
         "tools": [{"name": "set_scene", "action": "mqtt",
                    "description": "Sets the living room's light scene",
                    "topic": "home/living/scene/set",
                    "payload": {"scene": "{{scene}}", "by": "gemini-pi"},
                    "parameters": {"scene": {"type": "string",
                                             "enum": ["relax", "movie", "bright"]}},
                    "await": {"topic": "home/living/scene/done", "timeoutMs": 5000}}],
         "mqtt": {"broker": "%s", "nodeId": "e2e"},
         "control": {"socket": "%s"}}
        """.formatted(server.endpoint(), broker.url(), dir.resolve("control.sock")));
    daemon = DaemonProcess.start(config, Map.of("HOME", dir.resolve("home").toString(),
        "GEMINI_API_KEY", FakeLiveServer.API_KEY));
    daemon.awaitLine("ready in", Duration.ofSeconds(30));
    automation.take(AVAILABILITY, "online");

    DaemonProcess.Run say = DaemonProcess.cli(Map.of(), "say", "Movie time.",
        "--socket", dir.resolve("control.sock").toString());
    assertEquals(0, say.code(), say.out());
    Received setup = server.takeMessage("setup", Duration.ofSeconds(10));
    SdkMessageCheck.assertKept(setup.raw());
    assertEquals(Optional.empty(), server.pollRejection());
    JsonObject declared = declaration(setup, "set_scene");
    assertEquals("{\"type\":\"OBJECT\",\"properties\":{\"scene\":{\"type\":\"STRING\","
        + "\"description\":\"one of \\\"relax\\\", \\\"movie\\\", \\\"bright\\\"\","
        + "\"enum\":[\"relax\",\"movie\",\"bright\"]}},\"required\":[\"scene\"]}",
        declared.get("parameters").toString());
    assertEquals("BLOCKING", declared.getString("behavior", ""));
    daemon.awaitLine("connecting -> ", Duration.ofSeconds(10));

    // Outside the enum: refused, and the broker sees nothing before the next call's message.
    server.sendToolCall("set_scene", "{\"scene\":\"party\"}");
    JsonObject refused = response();
    assertEquals("invalid_argument", refused.getString("status", ""));
    assertEquals("[{\"scene\":[\"relax\",\"movie\",\"bright\"]}]",
        refused.get("valid_options").toString());

    server.sendToolCall("set_scene", "{\"scene\":\"movie\"}");
    assertEquals("{\"scene\":\"movie\",\"by\":\"gemini-pi\"}",
        automation.take("home/living/scene/set").payload());
    automation.publish("home/living/scene/done", "{\"scene\":\"movie\",\"lights\":3}");
    assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"set_scene was done; "
        + "\\\"reply\\\" is what came back\",\"reply\":{\"scene\":\"movie\",\"lights\":3}}",
        response().toString());
    daemon.awaitLine("tool=set_scene args={\"scene\":\"movie\"} topic=home/living/scene/set "
        + "result={\"status\":\"ok\"", Duration.ofSeconds(5));
    assertEquals(Optional.empty(), server.pollRejection());
  }

  private JsonObject response() {
    JsonObject r = server.takeMessage("toolResponse", Duration.ofSeconds(15)).body()
        .get("functionResponses").asArray().get(0).asObject();
    assertEquals("set_scene", r.getString("name", ""));
    return r.get("response").asObject();
  }

  private static JsonObject declaration(Received setup, String name) {
    for (JsonValue tool : setup.body().get("tools").asArray()) {
      JsonValue fds = tool.asObject().get("functionDeclarations");
      if (fds == null) {
        continue;
      }
      for (JsonValue f : fds.asArray()) {
        if (f.asObject().getString("name", "").equals(name)) {
          return f.asObject();
        }
      }
    }
    assertTrue(false, "setup declares no " + name + ": " + setup.raw());
    return new JsonObject();
  }
}
