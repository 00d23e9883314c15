package dev.geminipi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.geminipi.config.Pull;
import dev.geminipi.config.Trigger;
import dev.geminipi.conversation.Event;
import dev.geminipi.trigger.TriggerEvent;
import org.junit.jupiter.api.Test;

/** Button and input events become the state machine's events with what it needs to know. */
class AdaptersTest {
  private final Trigger.Button toggle = Trigger.Button.defaults(17);
  private final Trigger.Button ptt = new Trigger.Button(27, Pull.UP, true, 20,
      Trigger.Button.Mode.PUSH_TO_TALK, 2000);
  private final Trigger.Input door = new Trigger.Input(5, Trigger.Input.Edge.RISING, Pull.OFF,
      50, "The doorbell rang.", 30);

  @Test
  void buttonEvents_carrySourceAndMode() {
    assertEquals(new Event.Press("button on GPIO 17", false),
        Adapters.event(new TriggerEvent.Pressed(toggle)));
    assertEquals(new Event.Press("button on GPIO 27", true),
        Adapters.event(new TriggerEvent.Pressed(ptt)));
    assertEquals(new Event.Release("button on GPIO 27", true),
        Adapters.event(new TriggerEvent.Released(ptt)));
    assertEquals(new Event.LongPress("button on GPIO 17"),
        Adapters.event(new TriggerEvent.LongPressed(toggle)));
  }

  @Test
  void inputEvent_carriesItsPrompt() {
    assertEquals(new Event.InputFired("input on GPIO 5", "The doorbell rang."),
        Adapters.event(new TriggerEvent.InputFired(door)));
  }
}
