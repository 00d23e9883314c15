package dev.geminipi.tools;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the model's function calls on the owner's pins. Every call gets exactly one
 * {@link FunctionResponse} with its id, unless it is cancelled: an {@link Outcome} with the
 * new state on success, otherwise a status, whether retrying helps and words the model can
 * say, and then no pin moved. A call that repeats the tool's previous one (same arguments,
 * from an earlier toolCall, while that one is pending or within {@link #REPEAT_WINDOW_NANOS}
 * of its end) moves nothing and is answered with what the first did: 3.8 re-issues a call it
 * dropped on an interruption under a new id (docs/gpio.md).
 * Calls run on the router's own threads, never the audio or network threads, one at a time
 * per pin ({@link Lane}); timers (pulse ends, maxOnSec) run on the shared scheduler and only
 * hand work back to a lane (STYLE 12). Responses go to the consumer from the router's
 * threads; it must not block (e.g. {@code LiveSession.sendToolResponse}). A tool with
 * {@code confirm} goes through the {@link Confirmations} gate first, and only a confirmed
 * call reaches its lane. Which calls are in flight, and whether each is still owed its answer,
 * is {@link Calls}'s to decide; what a call does to its pin is {@link Actions}'s.
 */
public final class ToolRouter implements AutoCloseable {
  /** Calls waiting for one pin; a model rarely sends more than two at once. */
  static final int MAX_WAITING_CALLS = 8;
  /** How long after a call ended the same call counts as a repeat, not a new wish. */
  static final long REPEAT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final Logger log = LoggerFactory.getLogger(ToolRouter.class);

  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final Map<Integer, Lane> lanes = new HashMap<>();
  private final ExecutorService ownedExecutor;
  private final LongSupplier nanoTime;
  private final Calls calls;
  private final Responses responses;
  private final Actions actions;
  private final Confirmations confirmations;

  ToolRouter(List<ToolConfig> configs, Gpio gpio, Executor executor,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> consumer) {
    this(configs, gpio, executor, scheduler, nanoTime, state, confirmations, consumer,
        REPEAT_WINDOW_NANOS);
  }

  ToolRouter(List<ToolConfig> configs, Gpio gpio, Executor executor,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> consumer,
      long repeatWindowNanos) {
    this.confirmations = confirmations;
    // Only start() passes an ExecutorService, its own; tests pass a plain Executor.
    this.ownedExecutor = executor instanceof ExecutorService e ? e : null;
    this.nanoTime = nanoTime;
    for (ToolConfig c : configs) {
      Tool t = Tool.open(c, gpio);
      tools.put(c.name(), t);
      lanes.put(c.pin(), new Lane(c.pin(), executor));
    }
    this.calls = new Calls(nanoTime, repeatWindowNanos);
    this.responses = new Responses(calls, executor, consumer);
    this.actions = new Actions(calls, responses, this::lane, scheduler, nanoTime, state);
  }

  /**
   * Opens every tool's pin (outputs at rest) and starts the router with two threads of its
   * own: calls are short, and a pulse holds its pin's lane without holding a thread.
   *
   * @param scheduler the daemon's one scheduler, for pulse ends and maxOnSec
   * @param nanoTime the time source for minIntervalSec and repeated calls
   * @param state what minIntervalSec and maxOnSec remember across reloads and restarts
   * @param confirmations the gate for tools with {@code confirm}; closed with the router
   * @param responses gets one response per call that is not cancelled
   */
  public static ToolRouter start(List<ToolConfig> tools, Gpio gpio,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> responses) {
    return start(tools, gpio, scheduler, nanoTime, state, confirmations, responses,
        REPEAT_WINDOW_NANOS);
  }

  static ToolRouter start(List<ToolConfig> tools, Gpio gpio,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> responses,
      long repeatWindowNanos) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "tool-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    return new ToolRouter(tools, gpio, pool, scheduler, nanoTime, state, confirmations,
        responses, repeatWindowNanos);
  }

  /** True for the owner's tools; built-in ones (look, end_conversation) are not routed here. */
  public boolean declares(String name) {
    return tools.containsKey(name);
  }

  /**
   * Starts every call of one toolCall the model made; each is answered on its own when it is
   * done. Calls in one toolCall are all meant (ring twice); only later ones can repeat them.
   */
  public void handle(ServerEvent.ToolCall toolCall) {
    long b = calls.nextBatch();
    for (ServerEvent.FunctionCall c : toolCall.calls()) {
      call(c, Confirmations.MODEL, b);
    }
  }

  /** A call the model made, as its own toolCall. */
  public void call(ServerEvent.FunctionCall fc) {
    call(fc, Confirmations.MODEL);
  }

  /**
   * A call from {@code source}, which names the asker in confirmation audit lines ("model",
   * "mqtt", "mcp:NAME"). A tool with {@code confirm} waits for its confirmation whoever asks;
   * only the model's requests end with the conversation.
   */
  public void call(ServerEvent.FunctionCall fc, String source) {
    call(fc, source, calls.nextBatch());
  }

  private void call(ServerEvent.FunctionCall fc, String source, long b) {
    Tool tool = tools.get(fc.name());
    if (tool == null) {
      JsonObject answer = Replies.unknownTool(fc.name(), tools.keySet());
      Audit.line(fc.name(), Replies.args(fc), -1, "unknown", answer.toString());
      responses.later(() -> responses.send(fc, null, answer));
      return;
    }
    Call call = new Call(fc, tool, b);
    switch (calls.open(call)) {
      case Calls.Opening.Closed closed -> {
        JsonObject answer = Replies.shuttingDown(fc.name());
        Audit.line(fc.name(), Replies.args(fc), tool.pin(), tool.level(), answer.toString());
        responses.send(fc, tool, answer);
      }
      case Calls.Opening.Repeat repeat -> {
        JsonObject answer = Replies.repeat(fc, repeat);
        Audit.line(fc.name(), Replies.args(fc), tool.pin(), tool.level(), "repeat of "
            + repeat.firstId());
        responses.later(() -> responses.send(fc, tool, answer));
      }
      case Calls.Opening.Opened opened -> {
        if (needsConfirmation(tool, fc)) {
          confirmations.ask(new ConfirmRequest(fc.id(), source, tool.name(),
              Replies.args(fc), tool.pin(), tool.config().confirm()),
              verdict -> confirmed(call, verdict));
        } else {
          enqueue(call);
        }
      }
    }
  }

  private void enqueue(Call call) {
    if (!lane(call.tool).offer(done -> actions.start(call, done), MAX_WAITING_CALLS)) {
      JsonObject answer = Replies.busy(call.fc.name(), MAX_WAITING_CALLS);
      responses.later(() -> responses.finish(call, answer, true));
    }
  }

  /**
   * Only a call that would move an output away from rest waits for a confirmation: switching
   * off never does. A call the lane would refuse anyway (bad arguments, a pin that did not
   * open, too soon) is refused at once, so nobody confirms an action that cannot happen.
   */
  private boolean needsConfirmation(Tool tool, ServerEvent.FunctionCall fc) {
    ToolConfig c = tool.config();
    return c.confirm().required() && tool.available()
        && actions.tooSoon(tool, nanoTime.getAsLong()) == null
        && Args.leavesRest(c, Args.check(c, fc.args()));
  }

  private void confirmed(Call call, ConfirmVerdict verdict) {
    switch (verdict) {
      case ConfirmVerdict.Confirmed c -> enqueue(call);
      case ConfirmVerdict.NotDone n -> {
        // The gate wrote the audit line; nothing moved.
        responses.later(() -> responses.finish(call, n.answer(), false));
      }
    }
  }

  /** The model no longer wants these: queued calls never run, a running pulse ends now. */
  public void cancel(ServerEvent.ToolCallCancellation cancellation) {
    withdrawn(calls.withdraw(cancellation.ids()));
  }

  /**
   * The model was interrupted: 3.8 then drops its pending blocking calls without a
   * toolCallCancellation and ignores their answers, so they count as cancelled here. A
   * non-blocking call goes on; the model is told about it when it is done.
   */
  public void interrupted() {
    withdrawn(calls.withdraw(
        c -> c.tool.config().behavior() == ToolConfig.Behavior.BLOCKING));
  }

  /** Withdrawn calls get no answer; one waiting for its confirmation waits no more. */
  private void withdrawn(List<Calls.Withdrawn> withdrawn) {
    for (Calls.Withdrawn w : withdrawn) {
      log.info("tool call {} ({}) cancelled", w.call().fc.id(), w.call().fc.name());
      confirmations.cancel(w.call().fc.id());
    }
    for (Calls.Withdrawn w : withdrawn) {
      if (w.pulseCut()) {
        responses.later(() -> actions.endPulse(w.call()));
      }
    }
  }

  /**
   * The conversation ended: a confirmation it asked for is refused, and outputs with
   * restOnHangup return to rest, after queued calls.
   */
  public void onHangup() {
    confirmations.conversationEnded();
    for (Tool t : tools.values()) {
      if (t.config().restOnHangup() && t.config().isOutput() && t.available()) {
        lane(t).submit(done -> actions.rest(t, "hangup", done));
      }
    }
  }

  /** Each output tool's pin and level: {"set_lamp":{"pin":22,"on":true}}. */
  public JsonObject status() {
    JsonObject o = new JsonObject();
    for (Tool t : tools.values()) {
      if (t.config().isOutput()) {
        o.set(t.name(), t.status());
      }
    }
    return o;
  }

  /**
   * Stops taking calls, cancels every timer and drives every output to rest whatever is
   * pending. Close this before {@link Gpio#close}, which then locks the pins for good.
   */
  @Override
  public void close() {
    if (!calls.close()) {
      return;
    }
    confirmations.close();
    actions.cancelTimers();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
      try {
        ownedExecutor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Tool t : tools.values()) {
      if (t.config().isOutput() && t.available()) {
        actions.rest(t, "shutdown", () -> { });
      }
    }
  }

  private Lane lane(Tool t) {
    return lanes.get(t.pin());
  }
}
