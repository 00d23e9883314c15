package dev.geminipi.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.testkit.ScriptedMcpServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class McpCheckTest {
  private final ScriptedMcpServer server = ScriptedMcpServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private static McpServerConfig config(URI url, List<String> allow) {
    return new McpServerConfig("home", url, Optional.of("HA_TOKEN"), allow, List.of(),
        Confirmation.NONE, 2000);
  }

  @Test
  void reachableAndAuthenticated_listsToolsAndWhatTheModelGets() {
    server.requireToken("t0ken").tools(HomeAssistantFixture.listResult().get("tools").asArray()
        .add(new JsonObject().set("name", "Raw").set("inputSchema", new JsonObject()
            .set("type", "object").set("properties", new JsonObject().set("data",
                new JsonObject().set("type", "object"))))));
    List<McpCheck.Line> lines = McpCheck.run(List.of(config(server.url(), List.of("HassTurnOn",
        "HassTurnOff", "Raw"))), Map.of("HA_TOKEN", "t0ken"), "test");
    assertEquals(List.of(new McpCheck.Line(true, "mcp home (127.0.0.1:" + server.url().getPort()
        + "): reachable, authenticated with HA_TOKEN (not shown), 9 tools (HassTurnOn, "
        + "HassTurnOff, HassLightSet, HassSetPosition, HassClimateSetTemperature, HassMediaPause, "
        + "GetLiveContext, GetDateTime, Raw); the model gets HassTurnOn, HassTurnOff; left out, "
        + "schema not expressible: Raw (inputSchema.properties.data: an object with free-form "
        + "keys, which Live function declarations cannot say (an OBJECT needs its properties "
        + "listed))")), lines);
  }

  @Test
  void wrongToken_andDown_areProblems() {
    server.requireToken("right").tools(new JsonArray());
    URI gone;
    try (ScriptedMcpServer s = ScriptedMcpServer.start()) {
      gone = s.url();
    }
    List<McpCheck.Line> lines = McpCheck.run(List.of(config(server.url(), List.of("*")),
        new McpServerConfig("lab", gone, Optional.empty(), List.of("*"), List.of(),
            Confirmation.NONE, 2000)), Map.of("HA_TOKEN", "wrong"), "test");
    assertEquals(List.of(new McpCheck.Line(false, "mcp home (127.0.0.1:"
        + server.url().getPort() + "): MCP server \"home\" (127.0.0.1:" + server.url().getPort()
        + ") refused the token (HTTP 401); check HA_TOKEN in /etc/gemini-pi/env (a Home "
        + "Assistant long-lived access token)"), new McpCheck.Line(false, "mcp lab (127.0.0.1:"
        + gone.getPort() + "): cannot reach MCP server \"lab\" (127.0.0.1:" + gone.getPort()
        + "): connection refused")), lines);
  }
}
