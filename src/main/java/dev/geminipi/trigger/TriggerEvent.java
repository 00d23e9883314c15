package dev.geminipi.trigger;

import dev.geminipi.config.Trigger;

/**
 * What a trigger saw, posted to the conversation's queue. Triggers only report; what a press
 * means (start, interrupt and listen, end the user's turn) is the state machine's decision,
 * since only it knows whether the model is speaking. A long press reads Pressed, LongPressed,
 * then Released when the button is let go.
 */
public sealed interface TriggerEvent {
  /** The configured trigger that fired, so the state machine can read its mode. */
  Trigger trigger();

  /** A button went down (after debouncing). */
  record Pressed(Trigger.Button trigger) implements TriggerEvent {
  }

  /** A button came up. */
  record Released(Trigger.Button trigger) implements TriggerEvent {
  }

  /** A button has been held for {@code longPressMs}, still down: hang up. */
  record LongPressed(Trigger.Button trigger) implements TriggerEvent {
  }

  /** An input saw its edge outside its cooldown: start a conversation and say the prompt. */
  record InputFired(Trigger.Input trigger) implements TriggerEvent {
    public String prompt() {
      return trigger.prompt();
    }
  }
}
