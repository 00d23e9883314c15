package dev.geminipi.mcp;

import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig.Confirmation;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP tools one session declares, and where each call goes. Built from what each server
 * listed: only allowed tools, only those whose schema Live can express, each refused one with
 * one log line. A name that two servers share, or that a pin tool or a built-in tool already
 * has, gets its server's name in front ({@code home_HassTurnOn}).
 */
final class Catalog {
  /** Gemini function names. */
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,63}");
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);

  static final Catalog EMPTY = new Catalog(List.of(), Map.of());

  /** Where a declared name goes: which server, under the tool's own name there. */
  record Route(McpServerConfig server, String tool, Confirmation confirmation) {
    String source() {
      return "mcp:" + server.name();
    }
  }

  private final List<FunctionDeclaration> declarations;
  private final Map<String, Route> routes;

  private Catalog(List<FunctionDeclaration> declarations, Map<String, Route> routes) {
    this.declarations = List.copyOf(declarations);
    this.routes = Map.copyOf(routes);
  }

  List<FunctionDeclaration> declarations() {
    return declarations;
  }

  Optional<Route> route(String name) {
    return Optional.ofNullable(routes.get(name));
  }

  Set<String> names() {
    return routes.keySet();
  }

  /**
   * @param listed each reachable server's tools, in config order; a server that is down is
   *     absent
   * @param taken names the pin tools and built-in tools already use
   */
  static Catalog of(Map<McpServerConfig, List<McpTool>> listed, Set<String> taken) {
    return of(listed, taken, ConcurrentHashMap.newKeySet());
  }

  /**
   * @param said lines already logged at INFO or WARN: a listing every session repeats them
   *     at DEBUG only
   */
  static Catalog of(Map<McpServerConfig, List<McpTool>> listed, Set<String> taken,
      Set<String> said) {
    record Candidate(McpServerConfig server, McpTool tool, Optional<com.eclipsesource.json
        .JsonObject> parameters) {
    }
    List<Candidate> candidates = new ArrayList<>();
    Map<String, Integer> uses = new HashMap<>();
    for (Map.Entry<McpServerConfig, List<McpTool>> e : listed.entrySet()) {
      McpServerConfig s = e.getKey();
      List<String> seen = new ArrayList<>();
      for (McpTool t : e.getValue()) {
        seen.add(t.name());
        if (!s.allows(t.name())) {
          log.debug("mcp {}: tool {} is not in allow; not declared", s.name(), t.name());
          continue;
        }
        switch (SchemaMapper.map(t.inputSchema())) {
          case SchemaMapper.Result.Refused r -> once(said, true, "mcp " + s.name() + ": tool "
              + t.name() + " left out: its inputSchema cannot be said to Live (" + r.why()
              + ")");
          case SchemaMapper.Result.Mapped m -> {
            if (!m.dropped().isEmpty()) {
              once(said, false, "mcp " + s.name() + ": tool " + t.name() + ": dropped schema "
                  + "keywords Live has no equivalent for (the server still checks them): "
                  + String.join(", ", m.dropped()));
            }
            candidates.add(new Candidate(s, t, m.parameters()));
            uses.merge(t.name(), 1, Integer::sum);
          }
        }
      }
      for (String a : s.allow()) {
        if (!a.equals(McpServerConfig.ALL) && !seen.contains(a)) {
          once(said, true, "mcp " + s.name() + ": allow names " + a + ", which the server "
              + "does not list (its tools: " + String.join(", ", seen) + ")");
        }
      }
    }
    List<FunctionDeclaration> declarations = new ArrayList<>();
    Map<String, Route> routes = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      String own = c.tool().name();
      boolean clash = uses.get(own) > 1 || taken.contains(own)
          || !FUNCTION_NAME.matcher(own).matches();
      String name = clash ? c.server().name() + "_" + own : own;
      if (!FUNCTION_NAME.matcher(name).matches() || taken.contains(name)
          || routes.containsKey(name)) {
        once(said, true, "mcp " + c.server().name() + ": tool " + own + " left out: \"" + name
            + "\" is not a name Live accepts or is taken (letters, digits, _ . : -, at most 64)");
        continue;
      }
      if (clash) {
        once(said, false, "mcp " + c.server().name() + ": tool " + own + " is declared as "
            + name + " (the name is also used elsewhere)");
      }
      Confirmation confirmation = c.server().confirms(own) ? c.server().confirmation()
          : Confirmation.NONE;
      declarations.add(new FunctionDeclaration(name, description(c.server(), c.tool(),
          confirmation), c.parameters(), ToolConfig.Behavior.NON_BLOCKING));
      routes.put(name, new Route(c.server(), own, confirmation));
    }
    return new Catalog(declarations, routes);
  }

  private static void once(Set<String> said, boolean warn, String line) {
    if (!said.add(line)) {
      log.debug("{}", line);
    } else if (warn) {
      log.warn("{}", line);
    } else {
      log.info("{}", line);
    }
  }

  /** The server's own words, plus what the daemon adds about confirming (as for pins). */
  static String description(McpServerConfig server, McpTool tool, Confirmation confirmation) {
    String d = tool.description().strip();
    if (d.isEmpty()) {
      d = tool.name() + ", a tool of " + server.name() + ".";
    }
    return switch (confirmation.kind()) {
      case NONE -> d;
      case BUTTON -> d + (d.endsWith(".") ? "" : ".") + " gemini-pi does this only once the "
          + "user presses the button on the device, and waits " + confirmation.windowSec()
          + " seconds for the press: tell them to press it when you call this.";
      case VOICE -> d + (d.endsWith(".") ? "" : ".") + " gemini-pi does this only after it "
          + "hears the user say yes: call this as soon as it is wanted, without asking first; "
          + "then ask the user whether to go ahead, and once they say yes, call this again with "
          + "the same arguments.";
    };
  }
}
