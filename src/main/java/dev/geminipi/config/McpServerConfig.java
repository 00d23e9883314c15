package dev.geminipi.config;

import dev.geminipi.config.ToolConfig.Confirmation;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One MCP server whose tools the model may call (the {@code mcp} section): reached over
 * streamable HTTP at {@code url}, or started as a local {@code command} that speaks over its
 * stdin and stdout (stdio). The token is never in the file: {@code tokenEnv} names the
 * environment variable that holds it.
 *
 * @param name a short word for logs, audit lines ({@code source=mcp:NAME}) and name prefixes
 * @param url the streamable HTTP endpoint, e.g. Home Assistant's {@code /api/mcp}; empty for a
 *     command
 * @param command the program and its arguments of a stdio server; empty for a url
 * @param allow the tool names the model may call; {@code ["*"]} allows every tool listed
 * @param confirm the allowed tools that wait for the user's confirmation first
 * @param confirmation how those are confirmed (button or voice) and for how long
 * @param timeoutMs how long one request to the server may take
 */
public record McpServerConfig(String name, Optional<URI> url, Optional<String> tokenEnv,
    List<String> allow, List<String> confirm, Confirmation confirmation, int timeoutMs,
    List<String> command) {
  /** Allows every tool the server lists. */
  public static final String ALL = "*";
  public static final int DEFAULT_TIMEOUT_MS = 10_000;

  public McpServerConfig {
    allow = List.copyOf(allow);
    confirm = List.copyOf(confirm);
    command = List.copyOf(command);
  }

  /** A server over streamable HTTP. */
  public McpServerConfig(String name, URI url, Optional<String> tokenEnv, List<String> allow,
      List<String> confirm, Confirmation confirmation, int timeoutMs) {
    this(name, Optional.of(url), tokenEnv, allow, confirm, confirmation, timeoutMs, List.of());
  }

  /** True for a server started as a local command. */
  public boolean stdio() {
    return !command.isEmpty();
  }

  /** Where it is, for messages: {@code host:port}, or the program of a command. */
  public String address() {
    if (stdio()) {
      return command.get(0) + ", stdio";
    }
    URI u = url.orElseThrow();
    return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
  }

  public boolean allows(String tool) {
    return allow.contains(ALL) || allow.contains(tool);
  }

  public boolean confirms(String tool) {
    return confirm.contains(tool);
  }
}
