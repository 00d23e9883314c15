package dev.geminipi.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.ConfigLoader;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.testkit.LogCapture;
import dev.geminipi.testkit.Mosquitto;
import dev.geminipi.testkit.MqttRecorder;
import dev.geminipi.tools.Confirmations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT actions against a real Mosquitto, over the connection of a real {@link MqttHome}; the
 * home automation on the other side is an MQTT test client. "Nothing was published" is read
 * from the broker: the client publishes a marker on the topic, and only what came before it
 * on that topic is the daemon's.
 */
class MqttActionsTest {
  static final String AVAILABILITY = "gemini-pi/_shared/devices/kitchen";
  static final String TOOLS = """
      [{"name": "set_scene", "action": "mqtt", "description": "the living room's light scene",
        "topic": "home/scene/set", "payload": {"scene": "{{scene}}", "brightness": "{{level}}"},
        "parameters": {"scene": {"type": "string", "enum": ["relax", "movie"]},
                       "level": {"type": "integer", "minimum": 0, "maximum": 100,
                                 "description": "how bright"}}},
       {"name": "garage_state", "action": "mqtt", "description": "whether the garage is open",
        "topic": "home/garage/get", "payload": "state?",
        "await": {"topic": "home/garage/state", "timeoutMs": 2000}},
       {"name": "slow_state", "action": "mqtt", "topic": "home/slow/get",
        "await": {"topic": "home/slow/state", "timeoutMs": 300}},
       {"name": "open_gate", "action": "mqtt", "topic": "home/gate/open", "payload": "OPEN",
        "confirm": "button"},
       {"name": "heater", "action": "mqtt", "topic": "home/heater/set", "payload": "{{on}}",
        "parameters": {"on": {"type": "boolean"}}, "confirm": "voice"}]
      """;

  @TempDir
  Path dir;
  private Mosquitto broker;
  private MqttRecorder automation;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final LinkedBlockingQueue<FunctionResponse> responses = new LinkedBlockingQueue<>();
  private Confirmations gate;
  private MqttActions actions;
  private Config config;
  private int ids;

  @BeforeEach
  void start() throws Exception {
    broker = Mosquitto.start(dir.resolve("broker"));
    automation = MqttRecorder.connect(broker.tcp(), "home/#", AVAILABILITY);
    config = new ConfigLoader(w -> { }).parse("""
        {"gemini": {"transcription": true},
         "triggers": [{"type": "button", "pin": 17}],
         "tools": %s,
         "mqtt": {"broker": "%s", "nodeId": "kitchen"}}
        """.formatted(TOOLS, broker.url()), "config.json");
    gate = new Confirmations(scheduler, System::nanoTime);
    actions = new MqttActions(config.mqttTools(), gate, responses::add);
    open.add(actions);
    open.add(MqttHome.start(config.mqtt().orElseThrow(), config, "1", Map.of(),
        new RecordingControls(), scheduler, actions));
    // "online" comes after the reply topics are subscribed: from here on, calls can go.
    automation.take(AVAILABILITY, "online");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    automation.close();
    broker.close();
    scheduler.shutdownNow();
  }

  private String call(String name, String args) {
    String id = "call-" + ++ids;
    actions.call(new ServerEvent.FunctionCall(id, name, Json.parse(args).asObject()));
    return id;
  }

  private FunctionResponse response(String id) throws InterruptedException {
    FunctionResponse r = responses.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "no response to " + id + " within 10 s");
    assertEquals(id, r.id());
    return r;
  }

  /** The daemon's messages on {@code topic} since the last drain: those before a marker. */
  private List<String> drain(String topic) throws Exception {
    automation.publish(topic, "marker");
    List<String> before = new ArrayList<>();
    for (String p = automation.take(topic).payload(); !p.equals("marker");
        p = automation.take(topic).payload()) {
      before.add(p);
    }
    return before;
  }

  @Test
  void call_publishesTheFilledTemplate_andAnswersOkWhenIdle() throws Exception {
    String id = call("set_scene", "{\"scene\": \"movie\", \"level\": 40}");
    assertEquals("{\"scene\":\"movie\",\"brightness\":40}",
        automation.take("home/scene/set").payload());
    FunctionResponse r = response(id);
    assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"set_scene was sent to "
        + "home/scene/set\",\"payload\":\"{\\\"scene\\\":\\\"movie\\\",\\\"brightness\\\":40}\"}",
        r.response().toString());
    assertEquals(Optional.of(ToolConfig.Scheduling.WHEN_IDLE), r.scheduling());
  }

  @Test
  void badArguments_publishNothing_andAnswerInvalidArgumentWithTheOptions() throws Exception {
    try (LogCapture log = LogCapture.open()) {
      String id = call("set_scene", "{\"scene\": \"party\", \"level\": 40}");
      FunctionResponse r = response(id);
      String answer = "{\"status\":\"invalid_argument\",\"retryable\":false,\"message\":"
          + "\"set_scene needs \\\"scene\\\" to be one of \\\"relax\\\", \\\"movie\\\", not "
          + "\\\"party\\\"\",\"valid_options\":[{\"scene\":[\"relax\",\"movie\"],"
          + "\"level\":\"a whole number from 0 to 100\"}]}";
      assertEquals(answer, r.response().toString());
      assertEquals(Optional.of(ToolConfig.Scheduling.INTERRUPT), r.scheduling());
      assertEquals(List.of(), drain("home/scene/set"));
      assertTrue(log.lines().contains("INFO [dev.geminipi.home.MqttActions] tool=set_scene "
          + "args={\"scene\":\"party\",\"level\":40} topic=home/scene/set result=" + answer),
          log.lines().toString());
    }
  }

  @Test
  void await_theReplyBecomesTheAnswer() throws Exception {
    String id = call("garage_state", "{}");
    assertEquals("state?", automation.take("home/garage/get").payload());
    automation.publish("home/garage/state", "{\"door\":\"closed\"}");
    FunctionResponse r = response(id);
    assertEquals("{\"status\":\"ok\",\"retryable\":false,\"message\":\"garage_state was done; "
        + "\\\"reply\\\" is what came back\",\"reply\":{\"door\":\"closed\"}}",
        r.response().toString());
    assertEquals(Optional.empty(), r.scheduling(), "blocking: no scheduling");
  }

  @Test
  void await_noReplyInTime_isARetryableErrorThatSaysItWasSent() throws Exception {
    String id = call("slow_state", "{}");
    assertEquals("{}", automation.take("home/slow/get").payload());
    assertEquals("{\"status\":\"unavailable\",\"retryable\":true,\"message\":\"slow_state was "
        + "sent, but no reply came on home/slow/state within 300 ms; it may still have been "
        + "done, so check before trying again\"}", response(id).response().toString());
  }

  @Test
  void confirmButton_holdsThePublishUntilThePress() throws Exception {
    try (LogCapture log = LogCapture.open()) {
      String id = call("open_gate", "{}");
      assertEquals(List.of(), drain("home/gate/open"));
      assertTrue(gate.pressed(17), "the call waits for the button");
      assertEquals("OPEN", automation.take("home/gate/open").payload());
      assertEquals("ok", response(id).response().getString("status", ""));
      assertTrue(log.lines().contains("INFO [dev.geminipi.tools.Audit] tool=open_gate args={} "
          + "pin=-1 source=model confirm=button outcome=asked why=waiting 20 s for a press of "
          + "the button on GPIO 17"), log.lines().toString());
    }
  }

  @Test
  void confirmVoice_firstCallPublishesNothing_theRepeatAfterAYesDoes() throws Exception {
    gate.conversationStarted(Confirmations.Origin.WAKE_WORD);
    String first = call("heater", "{\"on\": true}");
    assertEquals("needs_confirmation", response(first).response().getString("status", ""));
    assertEquals(List.of(), drain("home/heater/set"));
    gate.modelSaid("Shall I switch the heater on?");
    gate.userSaid("Yes, please.");
    String second = call("heater", "{\"on\": true}");
    assertEquals("true", automation.take("home/heater/set").payload());
    assertEquals("ok", response(second).response().getString("status", ""));
  }

  @Test
  void notConnected_answersUnavailableAndRetryable() throws Exception {
    try (MqttActions alone = new MqttActions(config.mqttTools(), gate, responses::add)) {
      alone.call(new ServerEvent.FunctionCall("x1", "garage_state", new JsonObject()));
      assertEquals("{\"status\":\"unavailable\",\"retryable\":true,\"message\":\"garage_state "
          + "was not done: the message could not be sent because gemini-pi is not connected to "
          + "the MQTT broker yet; try again in a moment\"}", response("x1").response().toString());
    }
  }

  @Test
  void declarations_showParametersButNeverTheTopic() {
    FunctionDeclaration scene = actions.declarations().get(0);
    assertEquals("set_scene", scene.name());
    assertEquals("the living room's light scene.", scene.description());
    assertEquals("{\"type\":\"OBJECT\",\"properties\":{\"scene\":{\"type\":\"STRING\","
        + "\"description\":\"one of \\\"relax\\\", \\\"movie\\\"\",\"enum\":[\"relax\","
        + "\"movie\"]},\"level\":{\"type\":\"INTEGER\",\"description\":\"how bright. A whole "
        + "number from 0 to 100.\",\"minimum\":0,\"maximum\":100}},\"required\":[\"scene\","
        + "\"level\"]}", scene.parameters().orElseThrow().toString());
    assertEquals(ToolConfig.Behavior.NON_BLOCKING, scene.behavior());
    FunctionDeclaration garage = actions.declarations().get(1);
    assertEquals("whether the garage is open. The answer carries the reply of the system that "
        + "did it.", garage.description());
    assertEquals(Optional.empty(), garage.parameters());
    assertEquals(ToolConfig.Behavior.BLOCKING, garage.behavior());
  }
}
