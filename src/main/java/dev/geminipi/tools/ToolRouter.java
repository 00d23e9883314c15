package dev.geminipi.tools;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.gpio.Gpio;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
 * call reaches its lane.
 *
 * <p>Longer than STYLE 3 likes: every path a call can take, to an answer or to no answer
 * (cancelled, closing, busy, not confirmed), is in this one class, next to the lock that
 * decides which.
 */
public final class ToolRouter implements AutoCloseable {
  /** Calls waiting for one pin; a model rarely sends more than two at once. */
  static final int MAX_WAITING_CALLS = 8;
  /** How long after a call ended the same call counts as a repeat, not a new wish. */
  static final long REPEAT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** Marks {@link #register}'s answer when the router is closed. */
  private static final Call CLOSED = new Call(null, null, 0);

  private static final Logger log = LoggerFactory.getLogger(ToolRouter.class);

  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final Map<Integer, Lane> lanes = new HashMap<>();
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService scheduler;
  private final Consumer<FunctionResponse> responses;
  private final LongSupplier nanoTime;
  private final Actions actions;
  private final Confirmations confirmations;
  /** {@link #REPEAT_WINDOW_NANOS}; negative turns repeat detection off (tests of lanes). */
  private final long repeatWindowNanos;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final Map<String, Call> open = new HashMap<>();
  /** Each output tool's newest call that moved or will move its pin. */
  private final Map<String, Call> lastMoving = new HashMap<>();
  private long batch;
  private boolean closed;

  ToolRouter(List<ToolConfig> configs, Gpio gpio, Executor executor,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> responses) {
    this(configs, gpio, executor, scheduler, nanoTime, state, confirmations, responses,
        REPEAT_WINDOW_NANOS);
  }

  ToolRouter(List<ToolConfig> configs, Gpio gpio, Executor executor,
      ScheduledExecutorService scheduler, LongSupplier nanoTime, ToolState state,
      Confirmations confirmations, Consumer<FunctionResponse> responses,
      long repeatWindowNanos) {
    this.repeatWindowNanos = repeatWindowNanos;
    this.executor = executor;
    this.confirmations = confirmations;
    // Only start() passes an ExecutorService, its own; tests pass a plain Executor.
    this.ownedExecutor = executor instanceof ExecutorService e ? e : null;
    this.scheduler = scheduler;
    this.responses = responses;
    for (ToolConfig c : configs) {
      Tool t = Tool.open(c, gpio);
      tools.put(c.name(), t);
      lanes.put(c.pin(), new Lane(c.pin(), executor));
    }
    this.actions = new Actions(this, scheduler, nanoTime, state);
    this.nanoTime = nanoTime;
  }

  /**
   * Opens every tool's pin (outputs at rest) and starts the router with two threads of its
   * own: calls are short, and a pulse holds its pin's lane without holding a thread.
   *
   * @param scheduler the daemon's one scheduler, for pulse ends and maxOnSec
   * @param nanoTime the time source for minIntervalSec
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
    long b = nextBatch();
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
    call(fc, source, nextBatch());
  }

  private long nextBatch() {
    lock.lock();
    try {
      return ++batch;
    } finally {
      lock.unlock();
    }
  }

  private void call(ServerEvent.FunctionCall fc, String source, long b) {
    Tool tool = tools.get(fc.name());
    if (tool == null) {
      JsonObject answer = Outcome.invalidArgument("there is no tool named \"" + fc.name()
          + "\"; " + (tools.isEmpty() ? "no tools are set up" : "the tools are "
          + String.join(", ", tools.keySet())), names());
      Audit.line(fc.name(), Replies.args(fc), -1, "unknown", answer.toString());
      onExecutor(() -> respond(fc, null, answer));
      return;
    }
    Call call = new Call(fc, tool, b);
    Call first = register(call);
    if (first == CLOSED) {
      JsonObject answer = Outcome.error(Outcome.Status.UNAVAILABLE, false, fc.name()
          + " is not available because gemini-pi is shutting down");
      Audit.line(fc.name(), Replies.args(fc), tool.pin(), tool.level(), answer.toString());
      respond(fc, tool, answer);
      return;
    }
    if (first != null) {
      JsonObject answer = Outcome.ok("this repeats call " + first.fc.id() + " to " + fc.name()
          + " with the same arguments, which " + (first.state == Call.State.DONE
          ? "was carried out a moment ago" : "is being carried out now")
          + "; it was not done a second time").set("repeat_of", first.fc.id());
      Audit.line(fc.name(), Replies.args(fc), tool.pin(), tool.level(), "repeat of "
          + first.fc.id());
      onExecutor(() -> respond(fc, tool, answer));
      return;
    }
    if (needsConfirmation(tool, fc)) {
      confirmations.ask(new ConfirmRequest(fc.id(), source, tool.name(),
          Replies.args(fc), tool.pin(), tool.config().confirm()),
          verdict -> confirmed(call, verdict));
      return;
    }
    enqueue(call);
  }

  private void enqueue(Call call) {
    ServerEvent.FunctionCall fc = call.fc;
    Tool tool = call.tool;
    if (!lanes.get(tool.pin()).offer(done -> actions.start(call, done), MAX_WAITING_CALLS)) {
      JsonObject answer = Outcome.error(Outcome.Status.BUSY, true, fc.name() + " is busy with "
          + MAX_WAITING_CALLS + " earlier calls; try again when they are done");
      Audit.line(fc.name(), Replies.args(fc), tool.pin(), tool.level(), answer.toString());
      if (complete(call, Call.State.QUEUED)) {
        onExecutor(() -> respond(fc, tool, answer));
      }
    }
  }

  private JsonArray names() {
    JsonArray a = new JsonArray();
    tools.keySet().forEach(a::add);
    return a;
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
        if (complete(call, Call.State.QUEUED)) {
          onExecutor(() -> respond(call.fc, call.tool, n.answer()));
        }
      }
    }
  }

  /**
   * Opens the call; CLOSED after close, the call it repeats if it is one (then it is not
   * opened), else null.
   */
  private Call register(Call call) {
    lock.lock();
    try {
      if (closed) {
        return CLOSED;
      }
      // A tool with confirm has the gate, which uses each press or yes once, for this.
      if (call.tool.config().isOutput() && !call.tool.config().confirm().required()
          && repeatWindowNanos >= 0) {
        Call last = lastMoving.get(call.tool.name());
        if (last != null && last.batch != call.batch && repeats(call, last)) {
          return last;
        }
        lastMoving.put(call.tool.name(), call);
      }
      open.put(call.fc.id(), call);
      return null;
    } finally {
      lock.unlock();
    }
  }

  private boolean repeats(Call call, Call last) {
    if (!Replies.args(call.fc).equals(Replies.args(last.fc))) {
      return false;
    }
    return switch (last.state) {
      case QUEUED, RUNNING -> true;
      case DONE, CANCELLED -> last.moved
          && nanoTime.getAsLong() - last.endNanos < repeatWindowNanos;
    };
  }

  /** The model no longer wants these: queued calls never run, a running pulse ends now. */
  public void cancel(ServerEvent.ToolCallCancellation cancellation) {
    List<Call> cut = new ArrayList<>();
    lock.lock();
    try {
      for (String id : cancellation.ids()) {
        Call c = open.get(id);
        if (c != null) {
          cancelLocked(c, cut);
        }
      }
    } finally {
      lock.unlock();
    }
    endCut(cut);
  }

  /**
   * The model was interrupted: 3.8 then drops its pending blocking calls without a
   * toolCallCancellation and ignores their answers, so they count as cancelled here. A
   * non-blocking call goes on; the model is told about it when it is done.
   */
  public void interrupted() {
    List<Call> cut = new ArrayList<>();
    lock.lock();
    try {
      for (Call c : List.copyOf(open.values())) {
        if (c.tool.config().behavior() == ToolConfig.Behavior.BLOCKING) {
          cancelLocked(c, cut);
        }
      }
    } finally {
      lock.unlock();
    }
    endCut(cut);
  }

  private void cancelLocked(Call c, List<Call> cut) {
    open.remove(c.fc.id(), c);
    boolean running = c.state == Call.State.RUNNING;
    c.state = Call.State.CANCELLED;
    c.endNanos = nanoTime.getAsLong();
    if (running && c.pulseEnd != null && c.pulseEnd.cancel(false)) {
      cut.add(c);
    }
    log.info("tool call {} ({}) cancelled", c.fc.id(), c.fc.name());
    confirmations.cancel(c.fc.id());
  }

  private void endCut(List<Call> cut) {
    for (Call c : cut) {
      onExecutor(() -> actions.endPulse(c));
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
        lanes.get(t.pin()).submit(done -> actions.rest(t, "hangup", done));
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
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Call c : open.values()) {
        c.state = Call.State.CANCELLED;
        if (c.pulseEnd != null) {
          c.pulseEnd.cancel(false);
        }
      }
      open.clear();
    } finally {
      lock.unlock();
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

  // ---- used by Actions ----

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  ReentrantLock lock() {
    return lock;
  }

  Lane lane(Tool t) {
    return lanes.get(t.pin());
  }

  /**
   * Marks the call done from the state it should be in (QUEUED: it never reached its lane;
   * RUNNING: it ran); true when it is still owed an answer, i.e. it was not cancelled.
   */
  boolean complete(Call c, Call.State from) {
    lock.lock();
    try {
      boolean owed = c.state == from;
      if (owed) {
        c.state = Call.State.DONE;
        c.endNanos = nanoTime.getAsLong();
      }
      open.remove(c.fc.id(), c);
      return owed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the answer. A non-blocking call's success comes when its tool's scheduling says; a
   * refusal or fault interrupts, so the user hears it promptly (docs/gpio.md).
   */
  void respond(ServerEvent.FunctionCall fc, Tool tool, JsonObject answer) {
    Optional<ToolConfig.Scheduling> scheduling = Optional.empty();
    if (tool != null && tool.config().behavior() == ToolConfig.Behavior.NON_BLOCKING) {
      scheduling = Optional.of(Outcome.isError(answer) ? ToolConfig.Scheduling.INTERRUPT
          : tool.config().scheduling());
    }
    try {
      responses.accept(new FunctionResponse(fc.id(), fc.name(), answer, scheduling));
    } catch (RuntimeException e) {
      log.error("the tool response consumer failed for call {}", fc.id(), e);
    }
  }

  /** Runs on the router's threads; inline when they are gone, so a pin can still rest. */
  void onExecutor(Runnable r) {
    try {
      executor.execute(r);
    } catch (RejectedExecutionException e) {
      r.run();
    }
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
