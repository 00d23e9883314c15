package dev.geminipi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpConfigTest {
  private final List<String> warnings = new ArrayList<>();
  private final ConfigLoader loader = new ConfigLoader(warnings::add);

  private Config parse(String json) throws ConfigException {
    return loader.parse(json, "config.json");
  }

  private List<String> errors(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).problems();
  }

  @Test
  void absent_noServers() throws ConfigException {
    assertEquals(List.of(), parse("{}").mcp());
  }

  @Test
  void homeAssistant_readsEveryKey() throws ConfigException {
    Config c = parse("""
        {"triggers": [{"type": "button", "pin": 17}],
         "mcp": [{"name": "home", "url": "http://homeassistant.local:8123/api/mcp",
                  "tokenEnv": "HA_TOKEN", "allow": ["HassTurnOn", "HassTurnOff"],
                  "confirm": ["HassTurnOn"], "confirmWindowSec": 30, "timeoutMs": 5000}]}""");
    assertEquals(List.of(new McpServerConfig("home",
        URI.create("http://homeassistant.local:8123/api/mcp"), Optional.of("HA_TOKEN"),
        List.of("HassTurnOn", "HassTurnOff"), List.of("HassTurnOn"),
        new Confirmation(Kind.BUTTON, 30, List.of(17)), 5000)), c.mcp());
    assertEquals(List.of(), warnings);
  }

  @Test
  void noButton_confirmsByVoice_defaultsElsewhere() throws ConfigException {
    McpServerConfig s = parse("""
        {"mcp": [{"name": "home", "url": "https://ha.example/api/mcp", "allow": ["*"],
                  "confirm": ["HassTurnOn"]}]}""").mcp().get(0);
    assertEquals(new Confirmation(Kind.VOICE, 20, List.of()), s.confirmation());
    assertEquals(Optional.empty(), s.tokenEnv());
    assertEquals(McpServerConfig.DEFAULT_TIMEOUT_MS, s.timeoutMs());
    assertEquals(true, s.allows("anything"));
  }

  @Test
  void badServer_everyProblemNamesPathAndFix() {
    assertEquals(List.of(
        "config.json: mcp[0].name: \"Home Assistant\" is not a short lowercase word; use a-z, "
            + "0-9 and _, at most 16, e.g. \"home\"",
        "config.json: mcp[0].url: \"ftp://ha/api/mcp\" must start with http:// or https://, "
            + "e.g. \"http://homeassistant.local:8123/api/mcp\"",
        "config.json: mcp[0].tokenEnv: \"HA-TOKEN\" is not an environment variable name; use "
            + "letters, digits and _, e.g. \"HA_TOKEN\" (the token itself goes in "
            + "/etc/gemini-pi/env, never in this file)",
        "config.json: mcp[0].allow: missing; list the tools the model may call, e.g. "
            + "[\"HassTurnOn\", \"HassTurnOff\", \"GetLiveContext\"], or [\"*\"] for every tool "
            + "the server lists",
        "config.json: mcp[0].confirm[0]: \"HassTurnOn\" is not in allow, so the model cannot "
            + "call it; add it to allow or remove it here",
        "config.json: mcp[0].timeoutMs: 50 is out of range; use 500-120000 milliseconds",
        "config.json: mcp[0].tokn: unknown key; known keys here: name, command, url, "
            + "tokenEnv, allow, confirm, confirmBy, confirmWindowSec, timeoutMs"),
        errors("""
            {"mcp": [{"name": "Home Assistant", "url": "ftp://ha/api/mcp",
                      "tokenEnv": "HA-TOKEN", "confirm": ["HassTurnOn"], "timeoutMs": 50,
                      "tokn": "x"}]}"""));
  }

  @Test
  void tokenInUrl_refused_sameNameTwice_refused() {
    assertEquals(List.of(
        "config.json: mcp[0].url: \"http://u:secret@ha/api/mcp\" carries a user or a query; a "
            + "token goes in the environment variable that tokenEnv names, never in the URL",
        "config.json: mcp[1].name: \"home\" is used by another server; give each server its "
            + "own name"),
        errors("""
            {"mcp": [{"name": "home", "url": "http://u:secret@ha/api/mcp", "allow": ["a"]},
                     {"name": "home", "url": "http://ha/api/mcp", "allow": ["a"]}]}"""));
  }

  @Test
  void buttonWithoutButtonTrigger_refused() {
    assertEquals(List.of("config.json: mcp[0].confirmBy: \"button\" needs a button trigger to "
        + "press, and triggers has none; add {\"type\": \"button\", \"pin\": 17} to triggers, "
        + "or use \"voice\""),
        errors("""
            {"mcp": [{"name": "home", "url": "http://ha/api/mcp", "allow": ["a"],
                      "confirm": ["a"], "confirmBy": "button"}]}"""));
  }

  @Test
  void command_startsAStdioServer() throws ConfigException {
    McpServerConfig s = parse("""
        {"mcp": [{"name": "files",
                  "command": ["npx", "-y", "@modelcontextprotocol/server-everything"],
                  "allow": ["echo"], "timeoutMs": 30000}]}""").mcp().get(0);
    assertEquals(List.of("npx", "-y", "@modelcontextprotocol/server-everything"), s.command());
    assertEquals(Optional.empty(), s.url());
    assertEquals(true, s.stdio());
    assertEquals("npx, stdio", s.address());
  }

  @Test
  void command_withUrlOrTokenOrEmpty_refused() {
    assertEquals(List.of(
        "config.json: mcp[0].command: a server has a url or a command, not both; remove one",
        "config.json: mcp[1].command: is empty; give the program and its arguments, e.g. "
            + "[\"npx\", \"-y\", \"@modelcontextprotocol/server-everything\"]",
        "config.json: mcp[2].tokenEnv: applies to a server with a url; a command gets "
            + "gemini-pi's environment (without the API key), so read the variable there",
        "config.json: mcp[3].url: missing; give the server's streamable HTTP endpoint, e.g. "
            + "\"http://homeassistant.local:8123/api/mcp\", or a \"command\" that starts it"),
        errors("""
            {"mcp": [{"name": "a", "command": ["x"], "url": "http://ha/api/mcp", "allow": ["e"]},
                     {"name": "b", "command": [], "allow": ["e"]},
                     {"name": "c", "command": ["x"], "tokenEnv": "HA_TOKEN", "allow": ["e"]},
                     {"name": "d", "allow": ["e"]}]}"""));
  }
}
