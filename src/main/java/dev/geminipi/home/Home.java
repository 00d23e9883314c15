package dev.geminipi.home;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.Config;
import dev.geminipi.config.MqttConfig;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolSource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The device in Home Assistant, over MQTT (docs/home-assistant.md). The daemon tells it what
 * changed; it tells Home Assistant, retained, and carries Home Assistant's commands back through
 * {@link Controls}. Every method returns at once and may be called from any thread. Without an
 * {@code mqtt} section the daemon uses {@link #NONE} and no MQTT class is loaded.
 */
public interface Home extends AutoCloseable {
  /** The conversation state changed ({@code idle}, {@code listening}, ...). */
  void state(String state);

  /** A digital line changed level (from {@code Gpio.watch}). */
  void pinChanged(int pin, boolean high);

  /** A button press or wake word, for Home Assistant's event entity. */
  void event(String type, String source);

  /** The answer to a call made through {@link Controls#callTool}. */
  void toolAnswered(String callId, JsonObject result);

  /** True for call ids this made, so the daemon routes their answers here. */
  boolean ownsCall(String callId);

  /**
   * A wake word was heard with this score (docs/home-assistant.md, "Wake arbitration"); runs
   * {@code answer} on a timer thread if this device should answer it.
   */
  void wake(String word, double score, boolean inConversation, Runnable answer);

  /** For {@code status}: the connection, or an empty object without MQTT. */
  JsonObject status();

  @Override
  void close();

  /** No MQTT: a wake word is answered at once. */
  Home NONE = new Home() {
    @Override
    public void state(String state) {
    }

    @Override
    public void pinChanged(int pin, boolean high) {
    }

    @Override
    public void event(String type, String source) {
    }

    @Override
    public void toolAnswered(String callId, JsonObject result) {
    }

    @Override
    public boolean ownsCall(String callId) {
      return false;
    }

    @Override
    public void wake(String word, double score, boolean inConversation, Runnable answer) {
      answer.run();
    }

    @Override
    public JsonObject status() {
      return new JsonObject();
    }

    @Override
    public void close() {
    }
  };

  /**
   * Connects in the background; a broker that is down never delays or fails the start.
   *
   * @param actions from {@link #actions}: they publish on this home's connection
   */
  static Home start(MqttConfig mqtt, Config config, String version, Map<String, String> env,
      Controls controls, ScheduledExecutorService scheduler, ToolSource actions) {
    return MqttHome.start(mqtt, config, version, env, controls, scheduler,
        actions instanceof MqttActions a ? a : MqttActions.NONE);
  }

  /**
   * The {@code "action": "mqtt"} tools; {@link ToolSource#NONE} when there are none, and then
   * no class of theirs is loaded. They publish once {@link #start} has them.
   *
   * @param gate the confirmation gate, for tools with {@code confirm}
   * @param responses gets one response per call that is not cancelled; must not block
   */
  static ToolSource actions(List<MqttToolConfig> tools, Confirmations gate,
      Consumer<FunctionResponse> responses) {
    return tools.isEmpty() ? ToolSource.NONE : new MqttActions(tools, gate, responses);
  }
}
