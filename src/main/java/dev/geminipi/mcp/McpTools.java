package dev.geminipi.mcp;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.McpServerConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.CallThreads;
import dev.geminipi.tools.ConfirmVerdict;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolSource;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of the configured MCP servers, as a {@link ToolSource}. Each session declares the
 * catalog of the latest listing, and that session's calls go by it; taking it starts a new
 * listing in the background, so a server's changes (or its return after being down) apply at
 * the next session. A call runs on a virtual thread of its own, never the state machine's,
 * bounded by the server's timeoutMs; it ends in exactly one response, unless cancelled.
 * Loaded only when {@code mcp} is configured.
 */
public final class McpTools implements ToolSource {
  /** Calls in flight per server; a model rarely sends more than two at once. */
  static final int MAX_CALLS_PER_SERVER = 4;

  private static final Logger log = LoggerFactory.getLogger(McpTools.class);

  private final Map<McpServerConfig, McpClient> clients = new LinkedHashMap<>();
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Set<String> taken;
  private final Confirmations gate;
  private final Consumer<FunctionResponse> responses;
  private final HttpClient http;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  /** The last problem logged per server, so a server that stays down warns once. */
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  /** What the catalog has logged, so each listing does not repeat it. */
  private final Set<String> said = ConcurrentHashMap.newKeySet();
  private final CallThreads calls = new CallThreads("mcp-call-");
  private volatile Catalog latest = Catalog.EMPTY;
  private volatile Catalog inSession = Catalog.EMPTY;

  private McpTools(List<McpServerConfig> servers, Map<String, String> env, Set<String> taken,
      Confirmations gate, Consumer<FunctionResponse> responses, String version) {
    this.taken = Set.copyOf(taken);
    this.gate = gate;
    this.responses = responses;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (McpServerConfig s : servers) {
      Optional<String> token = s.tokenEnv().map(env::get).filter(t -> !t.isBlank());
      if (s.tokenEnv().isPresent() && token.isEmpty()) {
        log.warn("mcp {}: {} is not set in the environment; asking without a token (put it "
            + "in /etc/gemini-pi/env)", s.name(), s.tokenEnv().get());
      }
      clients.put(s, new McpClient(s, token, http, version, env));
      permits.put(s.name(), new Semaphore(MAX_CALLS_PER_SERVER));
    }
  }

  /**
   * Lists every server's tools once before returning (a server that is down is left out with
   * a warning), so the first session already has them.
   *
   * @param env where each server's tokenEnv is read; the token is never logged
   * @param taken the names of pin tools and built-in tools, which MCP tools must not shadow
   * @param gate the confirmation gate, for tools in a server's confirm
   * @param responses gets one response per call that is not cancelled; must not block
   */
  public static McpTools start(List<McpServerConfig> servers, Map<String, String> env,
      Set<String> taken, Confirmations gate, Consumer<FunctionResponse> responses,
      String version) {
    McpTools tools = new McpTools(servers, env, taken, gate, responses, version);
    tools.refresh();
    tools.inSession = tools.latest;
    return tools;
  }

  @Override
  public List<FunctionDeclaration> declarations() {
    Catalog c = latest;
    inSession = c;
    if (!calls.closed() && refreshing.compareAndSet(false, true)) {
      Thread.ofVirtual().name("mcp-list").start(() -> {
        try {
          refresh();
        } finally {
          refreshing.set(false);
        }
      });
    }
    return c.declarations();
  }

  @Override
  public boolean declares(String name) {
    return inSession.route(name).isPresent();
  }

  /** Lists every server at once and builds the next catalog. */
  void refresh() {
    Map<McpServerConfig, List<McpTool>> listed = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (Map.Entry<McpServerConfig, McpClient> e : clients.entrySet()) {
      threads.add(Thread.ofVirtual().name("mcp-list-" + e.getKey().name()).start(() ->
          list(e.getKey(), e.getValue()).ifPresent(t -> listed.put(e.getKey(), t))));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Map<McpServerConfig, List<McpTool>> ordered = new LinkedHashMap<>();
    for (McpServerConfig s : clients.keySet()) {
      if (listed.containsKey(s)) {
        ordered.put(s, listed.get(s));
      }
    }
    Catalog next = Catalog.of(ordered, taken, said);
    if (!next.names().equals(latest.names())) {
      log.info("mcp: the next session declares {} MCP tools: {}", next.names().size(),
          String.join(", ", next.declarations().stream().map(FunctionDeclaration::name)
              .toList()));
    }
    latest = next;
  }

  private Optional<List<McpTool>> list(McpServerConfig s, McpClient client) {
    try {
      List<McpTool> tools = client.listTools();
      if (problems.remove(s.name()) != null) {
        log.info("mcp {}: reachable again, {} tools listed", s.name(), tools.size());
      }
      return Optional.of(tools);
    } catch (McpException e) {
      client.forget();
      String before = problems.put(s.name(), e.getMessage());
      String line = "mcp " + s.name() + ": left out of the next session, voice still works: "
          + e.getMessage();
      if (!e.getMessage().equals(before)) {
        log.warn("{}", line);
      } else {
        log.debug("{}", line);
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void call(ServerEvent.FunctionCall fc) {
    String args = fc.args() == null ? "{}" : fc.args().toString();
    Optional<Catalog.Route> found = inSession.route(fc.name());
    if (found.isEmpty()) {
      respondLater(fc, "?", args, McpReplies.error(Outcome.Status.NOT_ALLOWED,
          "there is no MCP tool named \"" + fc.name() + "\" in this session", false));
      return;
    }
    Catalog.Route route = found.get();
    if (calls.closed()) {
      respondLater(fc, route.source(), args, McpReplies.error(Outcome.Status.UNAVAILABLE,
          fc.name() + " is not available because gemini-pi is shutting down", false));
      return;
    }
    calls.owe(fc.id());
    if (!route.confirmation().required()) {
      start(fc, route, args);
      return;
    }
    gate.ask(fc.id(), route.source(), fc.name(), args, route.confirmation(), verdict -> {
      switch (verdict) {
        case ConfirmVerdict.Confirmed c -> start(fc, route, args);
        // The gate wrote the audit line; nothing was asked of the server.
        case ConfirmVerdict.NotDone n -> finish(fc, n.answer());
      }
    });
  }

  private void start(ServerEvent.FunctionCall fc, Catalog.Route route, String args) {
    calls.start(fc.id(), route.server().name(), () -> run(fc, route, args));
  }

  private void run(ServerEvent.FunctionCall fc, Catalog.Route route, String args) {
    McpServerConfig s = route.server();
    Semaphore p = permits.get(s.name());
    if (!p.tryAcquire()) {
      JsonObject json = McpReplies.error(Outcome.Status.BUSY, fc.name() + " is busy with "
          + MAX_CALLS_PER_SERVER + " earlier calls to " + s.name()
          + "; try again when they are done", true);
      audit(fc, route.source(), args, json);
      finish(fc, json);
      return;
    }
    JsonObject json;
    try {
      JsonObject arguments = fc.args() == null ? new JsonObject() : fc.args();
      json = McpReplies.result(s.name(), clients.get(s).callTool(route.tool(), arguments));
    } catch (McpException e) {
      json = McpReplies.failure(e);
    } catch (InterruptedException e) {
      log.info("tool={} args={} source={} result=cancelled", fc.name(), args, route.source());
      return;
    } finally {
      p.release();
    }
    audit(fc, route.source(), args, json);
    finish(fc, json);
  }

  /** Public surface (STYLE 25): owners grep these next to the pins' audit lines. */
  private static void audit(ServerEvent.FunctionCall fc, String source, String args,
      JsonObject result) {
    log.info("tool={} args={} source={} result={}", fc.name(), args, source, result);
  }

  private void respondLater(ServerEvent.FunctionCall fc, String source, String args,
      JsonObject json) {
    audit(fc, source, args, json);
    calls.owe(fc.id());
    calls.later(() -> finish(fc, json));
  }

  /**
   * MCP tools are declared NON_BLOCKING (as the pins' outputs are): the model may say "one
   * moment" while the server works; a success is told when the model is idle, a failure at once.
   */
  private void finish(ServerEvent.FunctionCall fc, JsonObject json) {
    if (!calls.settle(fc.id())) {
      return;
    }
    try {
      responses.accept(new FunctionResponse(fc.id(), fc.name(), json,
          Optional.of(Outcome.isError(json) ? ToolConfig.Scheduling.INTERRUPT
              : ToolConfig.Scheduling.WHEN_IDLE)));
    } catch (RuntimeException e) {
      log.error("the tool response consumer failed for call {}", fc.id(), e);
    }
  }

  @Override
  public void cancel(List<String> ids) {
    for (String id : calls.withdraw(ids)) {
      gate.cancel(id);
      log.info("tool call {} cancelled", id);
    }
  }

  /** Stops taking calls; calls in flight are cut and get no response. */
  @Override
  public void close() {
    calls.close();
    http.shutdownNow();
    clients.values().forEach(McpClient::close);
  }
}
