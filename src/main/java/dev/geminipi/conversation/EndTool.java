package dev.geminipi.conversation;

import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.Outcome;
import dev.geminipi.live.ServerEvent;

/**
 * The built-in {@code end_conversation} tool (declared by the daemon beside the pin tools):
 * answered at once, so the model can say its goodbye; the conversation ends once that has
 * played ({@link Event.EndRequested}).
 */
final class EndTool {
  static final String NAME = "end_conversation";

  private EndTool() {
  }

  static FunctionResponse answer(ServerEvent.FunctionCall call) {
    return FunctionResponse.blocking(call.id(), call.name(),
        Outcome.ok("the conversation ends after your goodbye"));
  }
}
