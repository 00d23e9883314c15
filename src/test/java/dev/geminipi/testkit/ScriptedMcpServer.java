package dev.geminipi.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small MCP server on a real loopback port (the JDK's HttpServer), scripted per tool so each
 * way a server can misbehave costs one line in a test: {@link Reply}. Answers as JSON or as an
 * SSE stream, hands out session ids and can forget them, can demand a bearer token, and
 * records every request in order ({@link #take}).
 */
public final class ScriptedMcpServer implements AutoCloseable {
  /** How a tools/call is answered. */
  public sealed interface Reply {
    /** A tools/call result, e.g. {"content": [{"type": "text", "text": "ok"}]}. */
    record Result(JsonObject result) implements Reply {
    }

    /** A JSON-RPC error object. */
    record RpcError(int code, String message) implements Reply {
    }

    /** This body with HTTP 200, whatever it is. */
    record Raw(String body) implements Reply {
    }

    /** Never answers; released when the server closes. */
    record Stall() implements Reply {
    }

    static Reply text(String text) {
      return new Result(new JsonObject().set("content", new JsonArray().add(new JsonObject()
          .set("type", "text").set("text", text))));
    }

    static Reply toolError(String text) {
      return new Result(new JsonObject().set("content", new JsonArray().add(new JsonObject()
          .set("type", "text").set("text", text))).set("isError", true));
    }
  }

  /** One request as the server got it; headers absent are empty. */
  public record Request(String method, JsonObject message, Optional<String> sessionId,
      Optional<String> protocolVersion, Optional<String> authorization) {
    public JsonObject params() {
      JsonValue p = message.get("params");
      return p == null ? new JsonObject() : p.asObject();
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-mcp");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<String, Boolean> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger nextSession = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile JsonArray tools = new JsonArray();
  private volatile boolean sse;
  private volatile String token;

  private ScriptedMcpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/mcp", this::handle);
    server.start();
  }

  public static ScriptedMcpServer start() {
    try {
      return new ScriptedMcpServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the scripted MCP server", e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  public ScriptedMcpServer tools(JsonArray list) {
    tools = list;
    return this;
  }

  public ScriptedMcpServer sse(boolean on) {
    sse = on;
    return this;
  }

  public ScriptedMcpServer requireToken(String t) {
    token = t;
    return this;
  }

  public ScriptedMcpServer reply(String tool, Reply reply) {
    replies.put(tool, reply);
    return this;
  }

  /** Forgets every session: the next request with an old id gets 404. */
  public void expireSessions() {
    sessions.clear();
  }

  /** The next request, waiting at most 5 s. */
  public Request take() throws InterruptedException {
    Request r = requests.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no request reached the scripted MCP server within 5 s");
    return r;
  }

  /** The next request of {@code method}, skipping others. */
  public Request take(String method) throws InterruptedException {
    while (true) {
      Request r = take();
      if (r.method().equals(method)) {
        return r;
      }
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      JsonObject m = Json.parse(new String(x.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8)).asObject();
      String method = m.getString("method", "");
      Optional<String> sid = Optional.ofNullable(x.getRequestHeaders().getFirst(
          "Mcp-Session-Id"));
      requests.add(new Request(method, m, sid, Optional.ofNullable(x.getRequestHeaders()
          .getFirst("MCP-Protocol-Version")), Optional.ofNullable(x.getRequestHeaders()
          .getFirst("Authorization"))));
      String t = token;
      if (t != null && !("Bearer " + t).equals(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, "text/plain", "401: Unauthorized");
        return;
      }
      if (sid.isPresent() && !sessions.containsKey(sid.get())) {
        send(x, 404, "text/plain", "session not found");
        return;
      }
      if (m.get("id") == null) {
        send(x, 202, "text/plain", "");
        return;
      }
      JsonValue id = m.get("id");
      switch (method) {
        case "initialize" -> {
          String s = "session-" + nextSession.incrementAndGet();
          sessions.put(s, true);
          x.getResponseHeaders().set("Mcp-Session-Id", s);
          answer(x, id, new JsonObject().set("protocolVersion", "2025-06-18")
              .set("capabilities", new JsonObject().set("tools", new JsonObject()))
              .set("serverInfo", new JsonObject().set("name", "scripted").set("version", "1")));
        }
        case "tools/list" -> answer(x, id, new JsonObject().set("tools", tools));
        case "tools/call" -> call(x, id, m.get("params").asObject().getString("name", ""));
        default -> error(x, id, -32601, "Method not found: " + method);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void call(HttpExchange x, JsonValue id, String tool)
      throws IOException, InterruptedException {
    Reply r = replies.getOrDefault(tool, Reply.toolError("Unknown tool: " + tool));
    switch (r) {
      case Reply.Result res -> answer(x, id, res.result());
      case Reply.RpcError e -> error(x, id, e.code(), e.message());
      case Reply.Raw raw -> send(x, 200, "application/json", raw.body());
      case Reply.Stall s -> closing.await();
    }
  }

  private void answer(HttpExchange x, JsonValue id, JsonObject result) throws IOException {
    respond(x, new JsonObject().set("jsonrpc", "2.0").set("id", id).set("result", result));
  }

  private void error(HttpExchange x, JsonValue id, int code, String message) throws IOException {
    respond(x, new JsonObject().set("jsonrpc", "2.0").set("id", id).set("error",
        new JsonObject().set("code", code).set("message", message)));
  }

  private void respond(HttpExchange x, JsonObject message) throws IOException {
    if (sse) {
      // A progress notification first, as servers send them: not the answer.
      String note = new JsonObject().set("jsonrpc", "2.0").set("method",
          "notifications/message").set("params", new JsonObject().set("level", "info")
          .set("data", "working")).toString();
      send(x, 200, "text/event-stream", "event: message\ndata: " + note + "\n\n"
          + "event: message\nid: 1\ndata: " + message + "\n\n");
    } else {
      send(x, 200, "application/json", message.toString());
    }
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
