package dev.geminipi.tools;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each call's one answer to the consumer, on the router's threads, with the scheduling
 * its tool asks for; an answer to a call in flight goes out only if {@link Calls} says it is
 * still owed.
 */
final class Responses {
  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  private final Calls calls;
  private final Executor executor;
  private final Consumer<FunctionResponse> consumer;

  Responses(Calls calls, Executor executor, Consumer<FunctionResponse> consumer) {
    this.calls = calls;
    this.executor = executor;
    this.consumer = consumer;
  }

  /**
   * The end of every call that was opened: answered if still owed, never if it was withdrawn.
   * {@code audit} is false where the confirmation gate wrote the audit line already.
   */
  void finish(Call c, JsonObject answer, boolean audit) {
    boolean owed = calls.complete(c);
    if (audit) {
      Audit.line(c.tool.name(), Replies.args(c.fc), c.tool.pin(), c.tool.level(),
          owed ? answer.toString() : "cancelled");
    }
    if (owed) {
      send(c.fc, c.tool, answer);
    }
  }

  /**
   * Sends the answer; {@code tool} is null for a name no tool has. A non-blocking call's
   * success comes when its tool's scheduling says; a refusal or fault interrupts, so the user
   * hears it promptly (docs/gpio.md).
   */
  void send(ServerEvent.FunctionCall fc, Tool tool, JsonObject answer) {
    Optional<ToolConfig.Scheduling> scheduling = Optional.empty();
    if (tool != null && tool.config().behavior() == ToolConfig.Behavior.NON_BLOCKING) {
      scheduling = Optional.of(Outcome.isError(answer) ? ToolConfig.Scheduling.INTERRUPT
          : tool.config().scheduling());
    }
    try {
      consumer.accept(new FunctionResponse(fc.id(), fc.name(), answer, scheduling));
    } catch (RuntimeException e) {
      log.error("the tool response consumer failed for call {}", fc.id(), e);
    }
  }

  /** Runs on the router's threads; inline when they are gone, so a pin can still rest. */
  void later(Runnable r) {
    try {
      executor.execute(r);
    } catch (RejectedExecutionException e) {
      r.run();
    }
  }
}
