package dev.geminipi.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration file, one record per section. Every key has a default,
 * so {@code {}} plus an API key in the environment runs.
 */
public record Config(
    GeminiConfig gemini,
    AudioConfig audio,
    CameraConfig camera,
    GpioSettings gpio,
    List<Trigger> triggers,
    Optional<LedConfig> led,
    List<ToolConfig> tools,
    List<MqttToolConfig> mqttTools,
    List<McpServerConfig> mcp,
    ConversationConfig conversation,
    ControlConfig control,
    LogConfig log,
    Optional<MqttConfig> mqtt) {

  public Config {
    triggers = List.copyOf(triggers);
    tools = List.copyOf(tools);
    mqttTools = List.copyOf(mqttTools);
    mcp = List.copyOf(mcp);
  }

  public static Config defaults() {
    return new Config(GeminiConfig.defaults(), AudioConfig.defaults(), CameraConfig.defaults(),
        GpioSettings.defaults(), List.of(), Optional.empty(), List.of(), List.of(),
        List.of(), ConversationConfig.defaults(), ControlConfig.defaults(), LogConfig.defaults(),
        Optional.empty());
  }
}
