package dev.geminipi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.JsonObject;

import dev.geminipi.config.Pull;
import dev.geminipi.config.Trigger;
import dev.geminipi.config.ToolConfig;
import dev.geminipi.conversation.Event;
import dev.geminipi.conversation.Ports;
import dev.geminipi.gpio.MockBoard;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolRouter;
import dev.geminipi.tools.ToolState;
import dev.geminipi.trigger.TriggerEvent;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * Button and input events become the state machine's events with what it needs to know,
 * unless the confirmation gate uses a press up.
 */
class AdaptersTest {
  private final Trigger.Button toggle = Trigger.Button.defaults(17);
  private final Trigger.Button ptt = new Trigger.Button(27, Pull.UP, true, 20,
      Trigger.Button.Mode.PUSH_TO_TALK, 2000);
  private static final ToolConfig GARAGE = new ToolConfig("open_garage", "The garage.", 23,
      ToolConfig.Action.PULSE, false, 400, ToolConfig.States.defaults(), 1000, 0, 0,
      new ToolConfig.Confirmation(ToolConfig.Confirmation.Kind.BUTTON, 20, List.of(17)), false,
      ToolConfig.defaultBehavior(ToolConfig.Action.PULSE), ToolConfig.Scheduling.WHEN_IDLE);
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
  void confirmingPress_isUsedUpByTheGate_withItsLongPressAndRelease() {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (MockBoard board = MockBoard.open();
        Confirmations gate = new Confirmations(timers, System::nanoTime);
        ToolRouter router = ToolRouter.start(List.of(GARAGE), board.gpio(), timers,
            System::nanoTime, ToolState.inMemory(System::nanoTime), gate, r -> { })) {
      assertFalse(Adapters.confirms(new TriggerEvent.Pressed(toggle), gate),
          "nothing waits: the press is the conversation's");
      assertFalse(Adapters.confirms(new TriggerEvent.Released(toggle), gate));
      router.call(new ServerEvent.FunctionCall("c1", "open_garage", new JsonObject()));
      assertFalse(Adapters.confirms(new TriggerEvent.Pressed(ptt), gate), "not its button");
      assertTrue(Adapters.confirms(new TriggerEvent.Pressed(toggle), gate));
      assertTrue(Adapters.confirms(new TriggerEvent.LongPressed(toggle), gate));
      assertTrue(Adapters.confirms(new TriggerEvent.Released(toggle), gate));
      assertFalse(Adapters.confirms(new TriggerEvent.InputFired(door), gate));
    } finally {
      timers.shutdownNow();
    }
  }

  @Test
  void everyOriginTheConversationReports_isOneTheGateKnows() {
    for (Ports.Origin o : Ports.Origin.values()) {
      assertEquals(o.name(), Confirmations.Origin.valueOf(o.name()).name());
    }
  }

  @Test
  void inputEvent_carriesItsPrompt() {
    assertEquals(new Event.InputFired("input on GPIO 5", "The doorbell rang."),
        Adapters.event(new TriggerEvent.InputFired(door)));
  }
}
