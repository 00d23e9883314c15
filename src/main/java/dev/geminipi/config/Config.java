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
    ConversationConfig conversation,
    ControlConfig control,
    LogConfig log) {

  public Config {
    triggers = List.copyOf(triggers);
    tools = List.copyOf(tools);
  }

  public static Config defaults() {
    return new Config(GeminiConfig.defaults(), AudioConfig.defaults(), CameraConfig.defaults(),
        GpioSettings.defaults(), List.of(), Optional.empty(), List.of(),
        ConversationConfig.defaults(), ControlConfig.defaults(), LogConfig.defaults());
  }
}
