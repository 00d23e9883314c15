package dev.geminipi.home;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import dev.geminipi.config.MqttToolConfig;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionDeclaration;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.CallThreads;
import dev.geminipi.tools.ConfirmVerdict;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code "action": "mqtt"} tools, as a {@link ToolSource}: a call's arguments are checked
 * against the declared parameters, a confirmation is asked for when the tool has
 * {@code confirm}, and then the filled-in payload is published to the tool's fixed topic over
 * the {@code mqtt} section's connection ({@link Link}); with {@code await}, the first message
 * on the reply topic becomes the answer. Each call runs on a virtual thread of its own, never
 * the state machine's, and every wait has a deadline; a call ends in exactly one response
 * unless it is cancelled. Loaded only when such a tool is configured.
 */
public final class MqttActions implements ToolSource {
  /** Calls in flight at once; a model rarely sends more than two. */
  static final int MAX_CALLS = 4;
  /** How long the broker may take to acknowledge a publish. */
  static final long PUBLISH_TIMEOUT_MS = 5000;
  /** A reply goes into the Live session; a page of text is plenty to speak from. */
  static final int MAX_REPLY_CHARS = 4000;
  /** The asker of every call here: a conversation's end refuses a confirmation it waits for. */
  private static final String SOURCE = "model";

  /** No MQTT tools: for a device whose mqtt section has none. */
  static final MqttActions NONE = new MqttActions(List.of(), null, r -> { });

  private static final Logger log = LoggerFactory.getLogger(MqttActions.class);

  private final Map<String, MqttToolConfig> tools = new LinkedHashMap<>();
  private final Confirmations gate;
  private final Consumer<FunctionResponse> responses;
  private final Semaphore permits = new Semaphore(MAX_CALLS);
  private final CallThreads calls = new CallThreads("mqtt-action-");
  /** The one call of each awaiting tool that waits for its reply now, by tool name. */
  private final Map<String, CompletableFuture<String>> replies = new ConcurrentHashMap<>();
  private volatile Link link;

  /**
   * @param gate the confirmation gate, for tools with {@code confirm}
   * @param responses gets one response per call that is not cancelled; must not block
   */
  public MqttActions(List<MqttToolConfig> tools, Confirmations gate,
      Consumer<FunctionResponse> responses) {
    tools.forEach(t -> this.tools.put(t.name(), t));
    this.gate = gate;
    this.responses = responses;
  }

  /** The connection to publish on; until then, every call is answered "not connected". */
  void attach(Link l) {
    link = l;
  }

  /** The topics to subscribe to on every connect, before any call can wait on them. */
  String[] replyTopics() {
    Set<String> topics = new LinkedHashSet<>();
    tools.values().forEach(t -> t.await().ifPresent(a -> topics.add(a.topic())));
    return topics.toArray(String[]::new);
  }

  /** A message arrived: the reply of each tool that waits on this topic now. */
  void message(String topic, String payload) {
    for (MqttToolConfig t : tools.values()) {
      if (t.await().isPresent() && t.await().get().topic().equals(topic)) {
        CompletableFuture<String> waiting = replies.get(t.name());
        if (waiting == null) {
          log.debug("mqtt: {} has no call waiting for {}; ignored", t.name(), topic);
        } else {
          waiting.complete(payload);
        }
      }
    }
  }

  @Override
  public List<FunctionDeclaration> declarations() {
    List<FunctionDeclaration> out = new ArrayList<>();
    tools.values().forEach(t -> out.add(ActionDeclarations.of(t)));
    return List.copyOf(out);
  }

  @Override
  public boolean declares(String name) {
    return tools.containsKey(name);
  }

  @Override
  public void call(ServerEvent.FunctionCall fc) {
    MqttToolConfig t = tools.get(fc.name());
    String args = fc.args() == null ? "{}" : fc.args().toString();
    if (t == null) {
      throw new IllegalStateException("no MQTT action is named " + fc.name());
    }
    calls.owe(fc.id());
    if (calls.closed()) {
      answerLater(fc, t, args, Outcome.error(Outcome.Status.UNAVAILABLE, false, t.name()
          + " is not available because gemini-pi is shutting down"));
      return;
    }
    // Checked first, so nobody is asked to confirm a call that cannot be carried out.
    ActionArguments.Checked checked = ActionArguments.check(t, fc.args());
    if (checked instanceof ActionArguments.Checked.Refused r) {
      answerLater(fc, t, args, Outcome.invalidArgument(r.error(), r.validOptions()));
      return;
    }
    JsonObject valid = ((ActionArguments.Checked.Valid) checked).args();
    if (!t.confirm().required()) {
      start(fc, t, args, valid);
      return;
    }
    gate.ask(fc.id(), SOURCE, t.name(), args, t.confirm(), verdict -> {
      switch (verdict) {
        case ConfirmVerdict.Confirmed c -> start(fc, t, args, valid);
        // The gate wrote the audit line; nothing was published.
        case ConfirmVerdict.NotDone n -> finish(fc, t, n.answer());
      }
    });
  }

  private void start(ServerEvent.FunctionCall fc, MqttToolConfig t, String args,
      JsonObject valid) {
    calls.start(fc.id(), t.name(), () -> run(fc, t, args, valid));
  }

  private void run(ServerEvent.FunctionCall fc, MqttToolConfig t, String args,
      JsonObject valid) {
    if (!permits.tryAcquire()) {
      answer(fc, t, args, Outcome.error(Outcome.Status.BUSY, true, t.name() + " is busy: "
          + MAX_CALLS + " MQTT actions are under way; try again when they are done"));
      return;
    }
    CompletableFuture<String> reply = null;
    boolean published = false;
    try {
      if (t.await().isPresent()) {
        reply = new CompletableFuture<>();
        if (replies.putIfAbsent(t.name(), reply) != null) {
          reply = null;
          answer(fc, t, args, Outcome.error(Outcome.Status.BUSY, true, t.name() + " is "
              + "waiting for the reply to an earlier call; try again in a moment"));
          return;
        }
      }
      String payload = PayloadTemplate.render(t.payload(), valid);
      JsonObject refusal = publish(t, payload);
      if (refusal != null) {
        answer(fc, t, args, refusal);
        return;
      }
      published = true;
      answer(fc, t, args, reply == null ? Outcome.ok(t.name() + " was sent to "
          + t.topic()).set("payload", payload) : awaitReply(t, reply));
    } catch (InterruptedException e) {
      // Public surface: the audit line of a call the model withdrew.
      log.info("tool={} args={} topic={} result=cancelled{}", t.name(), args, t.topic(),
          published ? " after it was published" : "");
    } finally {
      if (reply != null) {
        replies.remove(t.name(), reply);
      }
      permits.release();
    }
  }

  /** Null once the broker has the message; else the answer that says it was not sent. */
  private JsonObject publish(MqttToolConfig t, String payload) throws InterruptedException {
    Link l = link;
    String notSent = t.name() + " was not done: the message could not be sent because ";
    if (l == null) {
      return Outcome.error(Outcome.Status.UNAVAILABLE, true, notSent + "gemini-pi is not "
          + "connected to the MQTT broker yet; try again in a moment");
    }
    try {
      l.deliver(t.topic(), payload, t.retain()).get(PUBLISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return Outcome.error(Outcome.Status.UNAVAILABLE, true, notSent + "gemini-pi is not "
          + "connected to the MQTT broker; try again in a moment");
    } catch (TimeoutException e) {
      return Outcome.error(Outcome.Status.UNAVAILABLE, true, t.name() + " may not have been "
          + "done: the MQTT broker did not confirm the message within " + PUBLISH_TIMEOUT_MS
          + " ms; check before trying again");
    }
  }

  private static JsonObject awaitReply(MqttToolConfig t, CompletableFuture<String> reply)
      throws InterruptedException {
    MqttToolConfig.Await a = t.await().orElseThrow();
    try {
      String text = reply.get(a.timeoutMs(), TimeUnit.MILLISECONDS);
      return Outcome.ok(t.name() + " was done; \"reply\" is what came back").set("reply",
          reply(text));
    } catch (TimeoutException e) {
      return Outcome.error(Outcome.Status.UNAVAILABLE, true, t.name() + " was sent, but no "
          + "reply came on " + a.topic() + " within " + a.timeoutMs() + " ms; it may still "
          + "have been done, so check before trying again");
    } catch (ExecutionException e) {
      throw new IllegalStateException("a reply future is only ever completed", e);
    }
  }

  /** JSON stays JSON (the model reads its fields); anything else is text, cut to length. */
  private static JsonValue reply(String text) {
    if (text.length() > MAX_REPLY_CHARS) {
      return Json.value(text.substring(0, MAX_REPLY_CHARS) + " ... (cut at " + MAX_REPLY_CHARS
          + " characters)");
    }
    try {
      return Json.parse(text);
    } catch (ParseException e) {
      return Json.value(text);
    }
  }

  private void answerLater(ServerEvent.FunctionCall fc, MqttToolConfig t, String args,
      JsonObject json) {
    calls.later(() -> answer(fc, t, args, json));
  }

  private void answer(ServerEvent.FunctionCall fc, MqttToolConfig t, String args,
      JsonObject json) {
    // Public surface (STYLE 25): owners grep these next to the pins' audit lines.
    log.info("tool={} args={} topic={} result={}", t.name(), args, t.topic(), json);
    finish(fc, t, json);
  }

  /** As for pins: a non-blocking success comes when scheduled, a failure interrupts. */
  private void finish(ServerEvent.FunctionCall fc, MqttToolConfig t, JsonObject json) {
    if (!calls.settle(fc.id())) {
      return;
    }
    Optional<ToolConfig.Scheduling> scheduling = t.behavior() == ToolConfig.Behavior.BLOCKING
        ? Optional.empty() : Optional.of(Outcome.isError(json) ? ToolConfig.Scheduling.INTERRUPT
        : t.scheduling());
    try {
      responses.accept(new FunctionResponse(fc.id(), fc.name(), json, scheduling));
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
  }
}
