package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.config.Config;
import dev.geminipi.config.MqttConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.config.Trigger;
import dev.geminipi.live.Outcome;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Home} over one MQTT {@link Link}: publishes the discovery message and every state,
 * retained and only on change, and turns Home Assistant's commands into {@link Controls} calls.
 */
final class MqttHome implements Home, Link.Listener {
  static final String CALL_PREFIX = "mqtt-";
  /** The confirmation gate's answers (tools.ConfirmVerdict): it logs them itself. */
  private static final java.util.Set<String> CONFIRMATION_VERDICTS = java.util.Set.of(
      "needs_confirmation", "not_confirmed", "declined", "refused", "cancelled");
  /** Public surface: the words an announcement is wrapped in for the model. */
  static final String ANNOUNCE = "Announce this to the room, word for word, and add nothing: ";

  private static final Logger log = LoggerFactory.getLogger(MqttHome.class);

  private final MqttConfig mqtt;
  private final Topics topics;
  private final Controls controls;
  private final ScheduledExecutorService scheduler;
  private final Map<String, ToolConfig> tools = new HashMap<>();
  private final Map<Integer, String> outputPins = new HashMap<>();
  private final Map<Integer, Input> inputPins = new HashMap<>();
  private final Map<String, JsonObject> components;
  private final JsonObject discovery;
  private final Map<String, String> retained = new ConcurrentHashMap<>();
  private final Map<String, String> pendingCalls = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  /** The conversation's lastError as last seen, so only its changes are published. */
  private volatile String conversationError = "";
  private final Arbiter arbiter;
  private final Link link;
  private final MqttActions actions;

  /** An input pin as Home Assistant sees it; {@code activeLow} for falling-edge triggers. */
  private record Input(String name, boolean activeLow) {
  }

  MqttHome(MqttConfig mqtt, Config config, String version, Map<String, String> env,
      Controls controls, ScheduledExecutorService scheduler, MqttActions actions) {
    this.mqtt = mqtt;
    this.actions = actions;
    this.topics = Topics.of(mqtt);
    this.controls = controls;
    this.scheduler = scheduler;
    for (ToolConfig t : config.tools()) {
      tools.put(t.name(), t);
      if (t.action() == ToolConfig.Action.READ) {
        inputPins.put(t.pin(), new Input(t.name(), false));
      } else {
        outputPins.put(t.pin(), t.name());
      }
    }
    for (Trigger t : config.triggers()) {
      if (t instanceof Trigger.Input in) {
        inputPins.put(in.pin(), new Input(Discovery.inputName(in),
            in.edge() == Trigger.Input.Edge.FALLING));
      }
    }
    this.components = Discovery.components(config, topics);
    this.discovery = Discovery.payload(components, topics, version);
    this.link = new Link(mqtt, env, topics.availability(), this, new SecureRandom());
    this.arbiter = new Arbiter(mqtt, link, scheduler, System::nanoTime);
    actions.attach(link);
    retained.put(topics.state(), "idle");
    retained.put(topics.lastError(), "");
    retained.put(topics.volumeState(), percent(controls.volume()));
    retained.put(topics.muteState(), onOff(controls.muted()));
    inputPins.forEach((pin, in) -> controls.level(pin)
        .ifPresent(high -> retained.put(topics.input(in.name()), onOff(high != in.activeLow()))));
    outputs(controls.outputs());
  }

  static MqttHome start(MqttConfig mqtt, Config config, String version, Map<String, String> env,
      Controls controls, ScheduledExecutorService scheduler) {
    return start(mqtt, config, version, env, controls, scheduler, MqttActions.NONE);
  }

  /** With the MQTT actions to publish for, on this home's one connection. */
  static MqttHome start(MqttConfig mqtt, Config config, String version, Map<String, String> env,
      Controls controls, ScheduledExecutorService scheduler, MqttActions actions) {
    MqttHome home = new MqttHome(mqtt, config, version, env, controls, scheduler, actions);
    home.link.start();
    return home;
  }

  // ------------------------------------------------------------------ the link's side

  @Override
  public void connected(Link l) throws MqttException {
    // The old discovery message comes first (retained), so a dropped component is seen.
    l.subscribe(topics.discovery(), topics.homeAssistantStatus(), Topics.devices(),
        Topics.claims());
    l.subscribe(topics.commands());
    String[] replies = actions.replyTopics();
    if (replies.length > 0) {
      l.subscribe(replies);
    }
    publishAll();
  }

  private void publishAll() {
    link.publish(topics.discovery(), discovery.toString(), true);
    retained.forEach((topic, payload) -> link.publish(topic, payload, true));
  }

  @Override
  public void message(String topic, String payload) {
    try {
      actions.message(topic, payload);
      if (topic.equals(topics.discovery())) {
        removeDropped(payload);
      } else if (topic.equals(topics.homeAssistantStatus())) {
        if (payload.equals(Link.ONLINE)) {
          log.info("mqtt: Home Assistant came online; publishing discovery and state again");
          publishAll();
        }
      } else if (topic.startsWith(Topics.SHARED + "/")) {
        arbiter.message(topic, payload);
      } else if (topic.startsWith(topics.base() + "/")) {
        command(topic, payload.strip());
      }
    } catch (RuntimeException e) {
      log.error("mqtt: bug while handling a message on {}", topic, e);
    }
  }

  /** A component of the retained discovery that this config no longer has gets removed. */
  private void removeDropped(String payload) {
    Map<String, String> old;
    try {
      old = Discovery.livePlatforms(payload.isEmpty() ? null : Json.parse(payload));
    } catch (ParseException e) {
      return;
    }
    old.keySet().removeAll(components.keySet());
    if (!old.isEmpty()) {
      log.info("mqtt: removing {} from Home Assistant (no longer in the config)", old.keySet());
      link.publish(topics.discovery(), Discovery.tombstone(discovery, old).toString(), true);
      link.publish(topics.discovery(), discovery.toString(), true);
    }
  }

  private void command(String topic, String payload) {
    if (topic.equals(topics.talk())) {
      control(new JsonObject().add("cmd", "talk"));
    } else if (topic.equals(topics.hangup())) {
      control(new JsonObject().add("cmd", "hangup"));
    } else if (topic.equals(topics.announce())) {
      if (!payload.isEmpty()) {
        log.info("mqtt: announcing \"{}\"", payload);
        control(new JsonObject().add("cmd", "say").add("text", ANNOUNCE + payload));
      }
    } else if (topic.equals(topics.volumeSet())) {
      volume(payload);
    } else if (topic.equals(topics.muteSet())) {
      onOff(payload).ifPresent(on -> {
        log.info("mqtt: microphone {}", on ? "muted" : "unmuted");
        controls.mute(on);
        put(topics.muteState(), onOff(on));
      });
    } else if (topic.startsWith(topics.base() + "/output/")) {
      output(topic, payload);
    }
  }

  private void output(String topic, String payload) {
    String rest = topic.substring((topics.base() + "/output/").length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return;
    }
    String name = rest.substring(0, slash);
    String verb = rest.substring(slash + 1);
    ToolConfig tool = tools.get(name);
    if (tool == null || !(verb.equals("set") || verb.equals("press"))) {
      return;
    }
    if (Discovery.spokenYes(tool)) {
      refuse(name + " is confirmed by voice (confirm is \"voice\"), so Home Assistant cannot "
          + "move it; ask the assistant instead");
      return;
    }
    JsonObject args = new JsonObject();
    switch (tool.action()) {
      case SWITCH -> {
        Optional<Boolean> on = onOff(payload);
        if (on.isEmpty()) {
          refuse(name + ": \"" + payload + "\" is not ON or OFF");
          return;
        }
        args.add("on", on.get());
      }
      case TOGGLE -> {
        Optional<Boolean> on = onOff(payload);
        boolean now = controls.outputs().get(name) instanceof JsonValue v && v.isObject()
            && v.asObject().getBoolean("on", false);
        if (on.isEmpty() || on.get() == now) {
          return; // a toggle moves only when Home Assistant asks for the other level
        }
      }
      case PULSE -> {
        if (!payload.equals(Discovery.PRESS)) {
          return;
        }
      }
      case READ, PWM -> {
        return;
      }
    }
    String id = CALL_PREFIX + calls.incrementAndGet();
    pendingCalls.put(id, name);
    log.info("mqtt: Home Assistant calls {} {}", name, args);
    controls.callTool(id, name, args);
  }

  private void volume(String payload) {
    double percent;
    try {
      percent = Double.parseDouble(payload);
    } catch (NumberFormatException e) {
      refuse("volume: \"" + payload + "\" is not a number 0-100");
      return;
    }
    if (!(percent >= 0 && percent <= 100)) {
      refuse("volume: " + payload + " is outside 0-100");
      return;
    }
    log.info("mqtt: volume {}%", Math.round(percent));
    controls.volume(percent / 100.0);
    put(topics.volumeState(), percent(percent / 100.0));
  }

  private void control(JsonObject request) {
    controls.command(request).thenAccept(reply -> {
      if (!reply.getBoolean("ok", false)) {
        refuse(request.getString("cmd", "") + ": " + reply.getString("error", "refused"));
      }
    });
  }

  private void refuse(String why) {
    // Public surface: one line per refused command.
    log.warn("mqtt: refused a command from Home Assistant: {}", why);
    put(topics.lastError(), why);
  }

  // ---------------------------------------------------------------- the daemon's side

  @Override
  public void state(String state) {
    put(topics.state(), state);
    controls.command(new JsonObject().add("cmd", "status")).thenAccept(s -> {
      String error = s.getString("lastError", "");
      if (!error.equals(conversationError)) {
        conversationError = error;
        put(topics.lastError(), error);
      }
      JsonValue outputs = s.get("outputs");
      if (outputs != null && outputs.isObject()) {
        outputs(outputs.asObject());
      }
    });
  }

  @Override
  public void pinChanged(int pin, boolean high) {
    Input in = inputPins.get(pin);
    if (in != null) {
      put(topics.input(in.name()), onOff(high != in.activeLow()));
    } else if (outputPins.containsKey(pin)) {
      // On the thread that moved the pin: read the owner's terms on ours.
      refreshOutputs();
    }
  }

  private void refreshOutputs() {
    try {
      scheduler.execute(() -> outputs(controls.outputs()));
    } catch (RejectedExecutionException e) {
      // Shutting down: the pins rest and Home Assistant sees the device offline.
    }
  }

  private void outputs(JsonObject outputs) {
    for (JsonObject.Member m : outputs) {
      if (m.getValue().isObject() && tools.containsKey(m.getName())) {
        put(topics.outputState(m.getName()), onOff(m.getValue().asObject().getBoolean("on",
            false)));
      }
    }
  }

  @Override
  public void event(String type, String source) {
    link.publish(topics.events(), new JsonObject().add("event_type", type).add("source", source)
        .toString(), false);
  }

  @Override
  public void toolAnswered(String callId, JsonObject result) {
    String tool = pendingCalls.remove(callId);
    String status = result.getString("status", "");
    String message = result.getString("message", status);
    if (CONFIRMATION_VERDICTS.contains(status)) {
      // The confirmation gate's verdict; it has written its own audit line.
      put(topics.lastError(), tool + ": " + message);
    } else if (Outcome.isError(result)) {
      refuse(tool + ": " + message);
    }
    refreshOutputs();
  }

  @Override
  public boolean ownsCall(String callId) {
    return callId.startsWith(CALL_PREFIX);
  }

  @Override
  public void wake(String word, double score, boolean inConversation, Runnable answer) {
    arbiter.claim(word, score, inConversation, answer);
  }

  @Override
  public JsonObject status() {
    return new JsonObject()
        .add("broker", mqtt.broker())
        .add("connected", link.connected())
        .add("lastError", link.lastError())
        .add("outages", link.outages())
        .add("muted", controls.muted())
        .add("dropped", link.dropped())
        .add("peers", arbiter.peers());
  }

  @Override
  public void close() {
    arbiter.close();
    link.close();
  }

  private void put(String topic, String payload) {
    if (!payload.equals(retained.put(topic, payload))) {
      link.publish(topic, payload, true);
    }
  }

  private static String onOff(boolean on) {
    return on ? Discovery.ON : Discovery.OFF;
  }

  private static Optional<Boolean> onOff(String payload) {
    return switch (payload.toUpperCase(Locale.ROOT)) {
      case Discovery.ON -> Optional.of(true);
      case Discovery.OFF -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static String percent(double volume) {
    return Long.toString(Math.round(volume * 100));
  }
}
