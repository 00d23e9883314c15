package dev.geminipi.mcp;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.config.McpServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MCP server started as a local command, spoken to over its stdin and stdout: one JSON-RPC
 * message per line each way (the MCP stdio transport). Started on the first message, it lives
 * until {@link #close}, which closes its stdin, then asks it to stop and, after a grace
 * period, kills it. A reader thread hands each response to the request with its id; requests
 * from the server (e.g. {@code ping}) are answered, notifications dropped. Its stderr goes to
 * the journal at DEBUG, and its last line explains an exit. The process gets gemini-pi's
 * environment without the API key.
 */
final class StdioProcess implements AutoCloseable {
  /** Read by Google's own tools as well; never handed to a child, whatever the config says. */
  static final Set<String> HIDDEN = Set.of("GEMINI_API_KEY", "GOOGLE_API_KEY");
  static final long STOP_GRACE_MS = 2000;

  private static final Logger log = LoggerFactory.getLogger(StdioProcess.class);

  private final McpServerConfig config;
  private final Map<String, String> env;
  private final ReentrantLock lock = new ReentrantLock();
  /** Requests waiting for their response, by the JSON text of their id. */
  private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  // Guarded by lock.
  private Process process;
  private OutputStream stdin;
  /** The thread that reads the current process's stderr; its last line explains an exit. */
  private Thread stderr;
  private volatile String lastError = "";

  /** @param env the environment to start it with; the API key must already be taken out */
  StdioProcess(McpServerConfig config, Map<String, String> env) {
    this.config = config;
    this.env = Map.copyOf(env);
  }

  /**
   * Sends one message; a request's response comes back, a notification's answer is empty.
   *
   * @param where the server in words, for messages
   */
  JsonObject exchange(JsonObject message, String where)
      throws McpException, InterruptedException {
    JsonValue id = message.get("id");
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    if (id != null) {
      pending.put(id.toString(), answer);
    }
    try {
      write(message.toString(), where);
      if (id == null) {
        return new JsonObject();
      }
      return answer.get(config.timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new McpException(McpException.Kind.TIMEOUT, where + " did not answer "
          + message.getString("method", "") + " within " + config.timeoutMs() + " ms");
    } catch (ExecutionException e) {
      throw (McpException) e.getCause();
    } finally {
      if (id != null) {
        pending.remove(id.toString(), answer);
      }
    }
  }

  private void write(String line, String where) throws McpException {
    Process p;
    Thread err;
    lock.lock();
    try {
      if (process == null || !process.isAlive()) {
        start(where);
      }
      p = process;
      err = stderr;
      try {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return;
      } catch (IOException e) {
        // it has gone: said below, outside the lock
      }
    } finally {
      lock.unlock();
    }
    throw exited(p, err, where);
  }

  /** Guarded by lock. */
  private void start(String where) throws McpException {
    stopLocked();
    ProcessBuilder pb = new ProcessBuilder(config.command());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().keySet().removeAll(HIDDEN);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new McpException(McpException.Kind.UNREACHABLE, "cannot start " + where + ": "
          + String.valueOf(e.getMessage()).strip());
    }
    lastError = "";
    process = p;
    stdin = p.getOutputStream();
    log.info("mcp {}: started {} (pid {})", config.name(), String.join(" ", config.command()),
        p.pid());
    Thread err = Thread.ofVirtual().name("mcp-stderr-" + config.name()).start(() -> drain(p));
    stderr = err;
    Thread.ofVirtual().name("mcp-stdout-" + config.name()).start(() -> read(p, err, where));
  }

  private void read(Process p, Thread err, String where) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        received(p, line);
      }
    } catch (IOException e) {
      // the process went away; said below
    }
    McpException gone = exited(p, err, where);
    for (String id : List.copyOf(pending.keySet())) {
      CompletableFuture<JsonObject> f = pending.get(id);
      if (f != null && isCurrent(p)) {
        f.completeExceptionally(gone);
      }
    }
  }

  private void received(Process p, String line) {
    JsonValue v;
    try {
      v = Json.parse(line);
    } catch (ParseException e) {
      v = Json.NULL;
    }
    if (!v.isObject()) {
      log.debug("mcp {}: not a JSON-RPC message on stdout: {}", config.name(), line);
      return;
    }
    JsonObject o = v.asObject();
    JsonValue id = o.get("id");
    if (o.get("method") != null) {
      if (id != null) {
        answer(p, o, id);
      }
      return; // a notification: progress, logging, list changes apply at the next session
    }
    CompletableFuture<JsonObject> f = id == null ? null : pending.get(id.toString());
    if (f != null) {
      f.complete(o);
    }
  }

  /** The server asks us something: a ping is answered, anything else is not offered. */
  private void answer(Process p, JsonObject request, JsonValue id) {
    JsonObject reply = new JsonObject().set("jsonrpc", "2.0").set("id", id);
    if (request.getString("method", "").equals("ping")) {
      reply.set("result", new JsonObject());
    } else {
      reply.set("error", new JsonObject().set("code", -32601).set("message",
          "gemini-pi offers no " + request.getString("method", "") + " to servers"));
    }
    lock.lock();
    try {
      if (process == p) {
        stdin.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
    } catch (IOException e) {
      // it is exiting; the reader says so
    } finally {
      lock.unlock();
    }
  }

  private void drain(Process p) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          lastError = line.strip();
          log.debug("mcp {} stderr: {}", config.name(), line);
        }
      }
    } catch (IOException e) {
      // gone
    }
  }

  private boolean isCurrent(Process p) {
    lock.lock();
    try {
      return process == p;
    } finally {
      lock.unlock();
    }
  }

  /** Waits a moment for the exit code and the last stderr line, so the words are complete. */
  private McpException exited(Process p, Thread err, String where) {
    try {
      if (p.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
        err.join(STOP_GRACE_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String code = p.isAlive() ? "closed its output" : "exited with code " + p.exitValue();
    String last = lastError;
    return new McpException(McpException.Kind.UNREACHABLE, where + " " + code
        + (last.isEmpty() ? "" : " (" + last + ")"));
  }

  /** Closes its stdin, then SIGTERM, then SIGKILL after {@link #STOP_GRACE_MS}. */
  @Override
  public void close() {
    lock.lock();
    try {
      stopLocked();
    } finally {
      lock.unlock();
    }
  }

  private void stopLocked() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    try {
      stdin.close();
      if (!p.waitFor(STOP_GRACE_MS / 2, TimeUnit.MILLISECONDS)) {
        p.destroy();
        if (!p.waitFor(STOP_GRACE_MS / 2, TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
        }
      }
    } catch (IOException e) {
      p.destroyForcibly();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    log.info("mcp {}: stopped (pid {})", config.name(), p.pid());
  }
}
