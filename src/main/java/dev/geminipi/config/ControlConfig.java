package dev.geminipi.config;

/** The {@code control} section: the Unix socket the CLI talks to the daemon over. */
public record ControlConfig(String socket) {
  public static final String DEFAULT_SOCKET = "/run/gemini-pi/control.sock";

  public static ControlConfig defaults() {
    return new ControlConfig(DEFAULT_SOCKET);
  }
}
