package dev.geminipi.config;

import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig.Confirmation.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code mcp}: the MCP servers whose tools the model may call. */
final class McpSections {
  /** Short enough to prefix a tool name and stay within Gemini's 64 characters. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,15}");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private McpSections() {
  }

  static List<McpServerConfig> read(Node root, List<Integer> buttonPins, boolean transcription) {
    List<McpServerConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node n : root.objects("mcp")) {
      McpServerConfig s = server(n, buttonPins, transcription);
      if (!names.add(s.name())) {
        n.problems().error(n.pathOf("name"), "\"" + s.name() + "\" is used by another server; "
            + "give each server its own name");
      }
      out.add(s);
      n.rejectUnknownKeys();
    }
    return out;
  }

  private static McpServerConfig server(Node n, List<Integer> buttonPins,
      boolean transcription) {
    String name = n.string("name", "");
    if (!NAME.matcher(name).matches()) {
      n.problems().error(n.pathOf("name"), (name.isEmpty() ? "missing" : "\"" + name
          + "\" is not a short lowercase word") + "; use a-z, 0-9 and _, at most 16, e.g. "
          + "\"home\"");
    }
    List<String> command = n.strings("command", List.of());
    Optional<URI> url = Optional.empty();
    if (n.has("command") && n.has("url")) {
      n.problems().error(n.pathOf("command"), "a server has a url or a command, not both; "
          + "remove one");
    } else if (n.has("command")) {
      if (command.isEmpty() || command.get(0).isBlank()) {
        n.problems().error(n.pathOf("command"), "is empty; give the program and its arguments, "
            + "e.g. [\"npx\", \"-y\", \"@modelcontextprotocol/server-everything\"]");
      }
    } else {
      url = Optional.of(url(n));
    }
    Optional<String> tokenEnv = Optional.ofNullable(n.string("tokenEnv", null));
    if (tokenEnv.isPresent() && !ENV.matcher(tokenEnv.get()).matches()) {
      n.problems().error(n.pathOf("tokenEnv"), "\"" + tokenEnv.get() + "\" is not an "
          + "environment variable name; use letters, digits and _, e.g. \"HA_TOKEN\" (the token "
          + "itself goes in /etc/gemini-pi/env, never in this file)");
    }
    if (tokenEnv.isPresent() && !command.isEmpty()) {
      n.problems().error(n.pathOf("tokenEnv"), "applies to a server with a url; a command gets "
          + "gemini-pi's environment (without the API key), so read the variable there");
    }
    List<String> allow = n.strings("allow", List.of());
    if (!n.has("allow") || allow.isEmpty()) {
      n.problems().error(n.pathOf("allow"), "missing; list the tools the model may call, e.g. "
          + "[\"HassTurnOn\", \"HassTurnOff\", \"GetLiveContext\"], or [\"*\"] for every tool "
          + "the server lists");
    }
    List<String> confirm = n.strings("confirm", List.of());
    for (int i = 0; i < confirm.size(); i++) {
      String t = confirm.get(i);
      if (!allow.contains(McpServerConfig.ALL) && !allow.contains(t)) {
        n.problems().error(n.pathOf("confirm") + "[" + i + "]", "\"" + t + "\" is not in allow, "
            + "so the model cannot call it; add it to allow or remove it here");
      }
    }
    Confirmation confirmation = confirmation(n, confirm, buttonPins, transcription);
    int timeoutMs = n.integer("timeoutMs", McpServerConfig.DEFAULT_TIMEOUT_MS, 500, 120_000,
        "milliseconds");
    return new McpServerConfig(name, url, tokenEnv, allow, confirm, confirmation, timeoutMs,
        command);
  }

  private static URI url(Node n) {
    String path = n.pathOf("url");
    String text = n.string("url", "");
    if (text.isEmpty()) {
      n.problems().error(path, "missing; give the server's streamable HTTP endpoint, e.g. "
          + "\"http://homeassistant.local:8123/api/mcp\", or a \"command\" that starts it");
      return URI.create("http://invalid/");
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        n.problems().error(path, "\"" + text + "\" must start with http:// or https://, e.g. "
            + "\"http://homeassistant.local:8123/api/mcp\"");
      } else if (uri.getHost() == null) {
        n.problems().error(path, "\"" + text + "\" has no host name");
      } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
        n.problems().error(path, "\"" + text + "\" carries a user or a query; a token goes in "
            + "the environment variable that tokenEnv names, never in the URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      n.problems().error(path, "\"" + text + "\" is not a URL; use e.g. "
          + "\"http://homeassistant.local:8123/api/mcp\"");
      return URI.create("http://invalid/");
    }
  }

  /** As a pin's confirm: a button press when a button exists, else the user's spoken yes. */
  private static Confirmation confirmation(Node n, List<String> confirm, List<Integer> buttonPins,
      boolean transcription) {
    Kind fallback = buttonPins.isEmpty() ? Kind.VOICE : Kind.BUTTON;
    Kind kind = n.choice("confirmBy", fallback, Kind.class);
    int windowSec = n.integer("confirmWindowSec", Confirmation.DEFAULT_WINDOW_SEC, 5, 120,
        "seconds");
    if (confirm.isEmpty()) {
      return Confirmation.NONE;
    }
    if (kind == Kind.NONE) {
      n.problems().error(n.pathOf("confirmBy"), "\"none\" contradicts confirm; say \"button\" "
          + "or \"voice\", or empty confirm");
    } else if (kind == Kind.BUTTON && buttonPins.isEmpty()) {
      n.problems().error(n.pathOf("confirmBy"), "\"button\" needs a button trigger to press, "
          + "and triggers has none; add {\"type\": \"button\", \"pin\": 17} to triggers, or use "
          + "\"voice\"");
    } else if (kind == Kind.VOICE && !transcription) {
      n.problems().error(n.has("confirmBy") ? n.pathOf("confirmBy") : n.pathOf("confirm"),
          "a spoken yes is heard in the transcript of the user's speech, and "
          + "gemini.transcription is false; set it to true, or add a button trigger and set "
          + "confirmBy to \"button\"");
    }
    return new Confirmation(kind, windowSec, kind == Kind.BUTTON ? buttonPins : List.of());
  }
}
