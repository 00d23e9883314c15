package dev.geminipi.mcp;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Home Assistant's MCP tool list (src/test/resources/fixtures/mcp; see its _note). */
final class HomeAssistantFixture {
  static final Path FILE = Path.of("src/test/resources/fixtures/mcp/home-assistant-tools.json");

  private HomeAssistantFixture() {
  }

  static JsonObject listResult() {
    try {
      JsonObject o = Json.parse(Files.readString(FILE)).asObject();
      return new JsonObject().set("tools", o.get("tools"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<McpTool> tools() {
    List<McpTool> out = new ArrayList<>();
    for (JsonValue v : listResult().get("tools").asArray()) {
      JsonObject o = v.asObject();
      out.add(new McpTool(o.getString("name", ""), o.getString("description", ""),
          o.get("inputSchema").asObject()));
    }
    return out;
  }

  static McpTool tool(String name) {
    return tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
