package dev.geminipi.mcp;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.config.McpServerConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of one MCP server over streamable HTTP, for the four messages gemini-pi needs:
 * {@code initialize}, {@code notifications/initialized}, {@code tools/list} and
 * {@code tools/call} (docs/mcp.md). Each message is one POST; the server answers with one JSON
 * object or with an SSE stream that ends with the response. The session id the server gives
 * at initialize goes on every later request, with the negotiated protocol version; a server
 * that forgot the session (404) is initialized again once. A server with a {@code command}
 * gets the same messages over its stdin and stdout instead ({@link StdioProcess}). Safe for
 * concurrent calls.
 */
final class McpClient implements AutoCloseable {
  /** What gemini-pi asks for; the server may answer with another version it supports. */
  static final String PROTOCOL_VERSION = "2025-06-18";
  static final Set<String> SUPPORTED = Set.of("2024-11-05", "2025-03-26", "2025-06-18",
      "2025-11-25");
  /** Servers page tools/list; more pages than this is a server in a loop. */
  private static final int MAX_PAGES = 20;

  private final McpServerConfig config;
  private final Optional<String> token;
  private final HttpClient http;
  private final String version;
  private final AtomicLong ids = new AtomicLong();
  /** Null for a server over HTTP. */
  private final StdioProcess stdio;
  private volatile Session session;

  /** What initialize negotiated. */
  private record Session(Optional<String> id, String protocolVersion) {
  }

  /**
   * @param token the bearer token from the environment, never logged or put in a message
   * @param version gemini-pi's version, sent as clientInfo
   */
  McpClient(McpServerConfig config, Optional<String> token, HttpClient http, String version) {
    this(config, token, http, version, java.util.Map.of());
  }

  /** @param env the environment of a command's process, the API key already taken out */
  McpClient(McpServerConfig config, Optional<String> token, HttpClient http, String version,
      java.util.Map<String, String> env) {
    this.config = config;
    this.token = token;
    this.http = http;
    this.version = version;
    this.stdio = config.stdio() ? new StdioProcess(config, env) : null;
  }

  String name() {
    return config.name();
  }

  /** Opens a session: initialize, then the initialized notification. */
  void initialize() throws McpException, InterruptedException {
    session = null;
    JsonObject params = new JsonObject().set("protocolVersion", PROTOCOL_VERSION)
        .set("capabilities", new JsonObject())
        .set("clientInfo", new JsonObject().set("name", "gemini-pi").set("version", version));
    Exchange e = post(request("initialize", params), null);
    JsonObject result = result(e.body, "initialize");
    String agreed = result.getString("protocolVersion", "");
    if (!SUPPORTED.contains(agreed)) {
      throw new McpException(McpException.Kind.PROTOCOL, where() + " speaks MCP version \""
          + agreed + "\"; gemini-pi speaks " + String.join(", ", SUPPORTED.stream().sorted()
          .toList()));
    }
    Session s = new Session(e.sessionId, agreed);
    post(new JsonObject().set("jsonrpc", "2.0").set("method", "notifications/initialized"), s);
    session = s;
  }

  /**
   * The next request starts a new session (after a failure the old one may be gone); a
   * command's process is stopped and started afresh.
   */
  void forget() {
    session = null;
    if (stdio != null) {
      stdio.close();
    }
  }

  /** Stops a command's process; nothing to do over HTTP. */
  @Override
  public void close() {
    if (stdio != null) {
      stdio.close();
    }
  }

  /** Every tool the server lists, following its pages. */
  List<McpTool> listTools() throws McpException, InterruptedException {
    List<McpTool> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonObject params = new JsonObject();
      if (cursor != null) {
        params.set("cursor", cursor);
      }
      JsonObject result = call("tools/list", params);
      JsonValue tools = result.get("tools");
      if (tools == null || !tools.isArray()) {
        throw malformed("tools/list", "no \"tools\" list");
      }
      for (JsonValue t : tools.asArray()) {
        JsonValue name = t.isObject() ? t.asObject().get("name") : null;
        if (name == null || !name.isString()) {
          throw malformed("tools/list", "a tool without a name");
        }
        JsonObject o = t.asObject();
        JsonValue schema = o.get("inputSchema");
        out.add(new McpTool(o.getString("name", ""), o.getString("description", ""),
            schema != null && schema.isObject() ? schema.asObject() : new JsonObject()));
      }
      JsonValue next = result.get("nextCursor");
      if (next == null || !next.isString()) {
        return out;
      }
      cursor = next.asString();
    }
    throw malformed("tools/list", "more than " + MAX_PAGES + " pages");
  }

  /** The result object of tools/call (content, isError, structuredContent). */
  JsonObject callTool(String tool, JsonObject arguments)
      throws McpException, InterruptedException {
    return call("tools/call", new JsonObject().set("name", tool).set("arguments", arguments));
  }

  private JsonObject call(String method, JsonObject params)
      throws McpException, InterruptedException {
    Session s = session;
    if (s == null) {
      initialize();
      s = session;
    }
    JsonObject request = request(method, params);
    Exchange e;
    try {
      e = post(request, s);
    } catch (SessionGone gone) {
      initialize();
      e = post(request, session);
    }
    return result(e.body, method);
  }

  private JsonObject request(String method, JsonObject params) {
    return new JsonObject().set("jsonrpc", "2.0").set("id", ids.incrementAndGet())
        .set("method", method).set("params", params);
  }

  private record Exchange(Optional<String> sessionId, JsonObject body) {
  }

  /** A 404 on a request that carried a session id: the server has forgotten it. */
  private static final class SessionGone extends McpException {
    SessionGone() {
      super(Kind.UNREACHABLE, "session expired");
    }
  }

  private Exchange post(JsonObject message, Session s) throws McpException, InterruptedException {
    if (stdio != null) {
      try {
        return new Exchange(Optional.empty(), stdio.exchange(message, where()));
      } catch (McpException e) {
        if (e.kind() == McpException.Kind.UNREACHABLE || e.kind() == McpException.Kind.TIMEOUT) {
          forget(); // a process that died or stalls is started afresh on the next request
        }
        throw e;
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(config.url().orElseThrow())
        .timeout(Duration.ofMillis(config.timeoutMs()))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    if (s != null) {
      s.id.ifPresent(id -> b.header("Mcp-Session-Id", id));
      b.header("MCP-Protocol-Version", s.protocolVersion);
    }
    HttpResponse<String> r = send(b.build(), message.getString("method", ""));
    int status = r.statusCode();
    Optional<String> sessionId = r.headers().firstValue("Mcp-Session-Id");
    if (status == 401 || status == 403) {
      throw new McpException(McpException.Kind.UNAUTHORIZED, where() + " refused the token "
          + "(HTTP " + status + "); " + config.tokenEnv().map(e -> "check " + e
          + " in /etc/gemini-pi/env (a Home Assistant long-lived access token)")
          .orElse("it needs one: set tokenEnv and put the token in /etc/gemini-pi/env"));
    }
    if (status == 404 && s != null && s.id.isPresent()) {
      throw new SessionGone();
    }
    if (status == 202 && message.get("id") == null) {
      return new Exchange(sessionId, new JsonObject());
    }
    if (status != 200) {
      throw new McpException(McpException.Kind.PROTOCOL, where() + " answered HTTP " + status
          + " to " + message.getString("method", "") + ": " + snippet(r.body()));
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    return new Exchange(sessionId, type.startsWith("text/event-stream")
        ? fromStream(r.body(), message) : parse(r.body(), message.getString("method", "")));
  }

  private HttpResponse<String> send(HttpRequest request, String method)
      throws McpException, InterruptedException {
    CompletableFuture<HttpResponse<String>> f =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      // The request timeout covers only the headers; a stream may stall after them.
      return f.get(config.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timeout(method);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException) {
        throw timeout(method);
      }
      String why = c instanceof ConnectException ? "connection refused"
          : c instanceof IOException && c.getMessage() != null ? c.getMessage() : c.toString();
      throw new McpException(McpException.Kind.UNREACHABLE, "cannot reach " + where() + ": "
          + why);
    }
  }

  private McpException timeout(String method) {
    return new McpException(McpException.Kind.TIMEOUT, where() + " did not answer " + method
        + " within " + config.timeoutMs() + " ms");
  }

  /** The event that answers our request; notifications before it are not ours to handle. */
  private JsonObject fromStream(String body, JsonObject request) throws McpException {
    String method = request.getString("method", "");
    for (String data : SseEvents.data(body)) {
      JsonObject o = parse(data, method);
      if (o.get("id") != null && o.get("id").equals(request.get("id"))) {
        return o;
      }
    }
    throw malformed(method, "the event stream ended without the response");
  }

  private JsonObject parse(String text, String method) throws McpException {
    try {
      JsonValue v = Json.parse(text);
      if (!v.isObject()) {
        throw malformed(method, "not a JSON object: " + snippet(text));
      }
      return v.asObject();
    } catch (ParseException e) {
      throw malformed(method, "not JSON (" + e.getMessage() + "): " + snippet(text));
    }
  }

  private JsonObject result(JsonObject response, String method) throws McpException {
    JsonValue error = response.get("error");
    if (error != null && error.isObject()) {
      JsonObject o = error.asObject();
      throw new McpException(McpException.Kind.REFUSED, where() + " refused " + method + ": "
          + o.getString("message", "no message") + " (JSON-RPC error " + o.get("code") + ")");
    }
    JsonValue result = response.get("result");
    if (result == null || !result.isObject()) {
      throw malformed(method, "no result object");
    }
    return result.asObject();
  }

  private McpException malformed(String method, String what) {
    return new McpException(McpException.Kind.PROTOCOL, where() + " answered " + method
        + " with something that is not MCP: " + what);
  }

  private String where() {
    return "MCP server \"" + config.name() + "\" (" + config.address() + ")";
  }

  private static String snippet(String text) {
    String s = text.strip().replaceAll("\\s+", " ");
    return s.length() <= 160 ? s : s.substring(0, 160) + "...";
  }
}
