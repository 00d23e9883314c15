package dev.geminipi.mcp;

import dev.geminipi.config.McpServerConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gemini-pi check} for the {@code mcp} section: per server, whether it is reachable,
 * whether it took the token, the tools it lists and which of them the model gets. The lines
 * are public surface (STYLE 25).
 */
public final class McpCheck {
  /** One line of the check; {@code ok} false is a problem to fix. */
  public record Line(boolean ok, String text) {
  }

  private McpCheck() {
  }

  public static List<Line> run(List<McpServerConfig> servers, Map<String, String> env,
      String version) {
    List<Line> out = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      for (McpServerConfig s : servers) {
        out.add(check(s, env, http, version));
      }
    } finally {
      http.shutdownNow();
    }
    return out;
  }

  private static Line check(McpServerConfig s, Map<String, String> env, HttpClient http,
      String version) {
    Optional<String> token = s.tokenEnv().map(env::get).filter(t -> !t.isBlank());
    String auth = s.tokenEnv().map(e -> token.isPresent() ? "authenticated with " + e
        + " (not shown)" : e + " is not set, asked without a token").orElse("no token");
    String where = "mcp " + s.name() + " (" + s.address() + "): ";
    try (McpClient client = new McpClient(s, token, http, version, env)) {
      List<McpTool> tools = client.listTools();
      List<String> names = tools.stream().map(McpTool::name).toList();
      List<String> allowed = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (McpTool t : tools) {
        if (s.allows(t.name())) {
          switch (SchemaMapper.map(t.inputSchema())) {
            case SchemaMapper.Result.Mapped m -> allowed.add(t.name());
            case SchemaMapper.Result.Refused r -> refused.add(t.name() + " (" + r.why() + ")");
          }
        }
      }
      List<String> missing = s.allow().stream()
          .filter(a -> !a.equals(McpServerConfig.ALL) && !names.contains(a)).toList();
      StringBuilder b = new StringBuilder(where).append("reachable, ").append(auth)
          .append(", ").append(tools.size()).append(" tools (").append(String.join(", ", names))
          .append("); the model gets ").append(allowed.isEmpty() ? "none"
              : String.join(", ", allowed));
      if (!refused.isEmpty()) {
        b.append("; left out, schema not expressible: ").append(String.join("; ", refused));
      }
      if (!missing.isEmpty()) {
        b.append("; allow names tools the server does not list: ")
            .append(String.join(", ", missing));
      }
      return new Line(missing.isEmpty() && !allowed.isEmpty(), b.toString());
    } catch (McpException e) {
      return new Line(false, where + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Line(false, where + "interrupted");
    }
  }
}
