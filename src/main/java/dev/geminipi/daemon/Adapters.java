package dev.geminipi.daemon;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.audio.Speaker;
import dev.geminipi.config.Trigger;
import dev.geminipi.conversation.Conversation;
import dev.geminipi.conversation.Event;
import dev.geminipi.conversation.EventQueue;
import dev.geminipi.conversation.Ports;
import dev.geminipi.gpio.DeviceState;
import dev.geminipi.gpio.StatusLed;
import dev.geminipi.home.Home;
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolRouter;
import dev.geminipi.tools.ToolSource;
import dev.geminipi.trigger.TriggerEvent;
import java.util.ArrayList;
import java.util.List;

/** The small translations between the parts' own types and the state machine's ports. */
final class Adapters {
  private Adapters() {
  }

  static Ports.Playback playback(Speaker speaker) {
    return new Ports.Playback() {
      @Override
      public void play(byte[] pcm, int rateHz) {
        speaker.play(pcm, 0, pcm.length, rateHz);
      }

      @Override
      public void interrupt() {
        speaker.interrupt();
      }

      @Override
      public void earcon(Ports.Earcon earcon) {
        speaker.playEarcon(Speaker.Earcon.valueOf(earcon.name()));
      }

      @Override
      public JsonObject stats() {
        return new JsonObject().add("droppedMs", speaker.droppedMs());
      }
    };
  }

  static Speaker.Listener speakerEvents(EventQueue queue) {
    return new Speaker.Listener() {
      @Override
      public void onPlaybackStarted() {
        queue.post(new Event.PlaybackStarted());
      }

      @Override
      public void onPlaybackDrained() {
        queue.post(new Event.PlaybackDrained());
      }

      @Override
      public void onDeviceOpened(String description) {
        queue.post(new Event.DeviceChanged("speaker", true, description));
      }

      @Override
      public void onDeviceLost(String why) {
        queue.post(new Event.DeviceChanged("speaker", false, why));
      }
    };
  }

  /**
   * Calls go to {@code more} (MQTT actions, MCP tools) when it declares the name, else to the
   * pins.
   */
  static Ports.Actuators actuators(ToolRouter router, ToolSource more,
      Confirmations confirmations) {
    return new Ports.Actuators() {
      @Override
      public void call(List<ServerEvent.FunctionCall> calls) {
        List<ServerEvent.FunctionCall> pins = new ArrayList<>();
        for (ServerEvent.FunctionCall c : calls) {
          if (more.declares(c.name())) {
            more.call(c);
          } else {
            pins.add(c);
          }
        }
        if (!pins.isEmpty()) {
          router.handle(new ServerEvent.ToolCall(pins));
        }
      }

      @Override
      public void interrupted() {
        router.interrupted();
      }

      @Override
      public void cancel(List<String> ids) {
        more.cancel(ids);
        router.cancel(new ServerEvent.ToolCallCancellation(ids));
      }

      @Override
      public void rest() {
        router.onHangup();
      }

      @Override
      public JsonObject status() {
        return router.status();
      }

      @Override
      public void conversationStarted(Ports.Origin origin) {
        confirmations.conversationStarted(Confirmations.Origin.valueOf(origin.name()));
      }

      @Override
      public void userSaid(String text) {
        confirmations.userSaid(text);
      }

      @Override
      public void modelSaid(String text) {
        confirmations.modelSaid(text);
      }
    };
  }

  /** True when a button event belongs to a confirmation and must not reach the conversation. */
  static boolean confirms(TriggerEvent t, Confirmations confirmations) {
    return switch (t) {
      case TriggerEvent.Pressed p -> confirmations.pressed(p.trigger().pin());
      case TriggerEvent.Released r -> confirmations.released(r.trigger().pin());
      case TriggerEvent.LongPressed l -> confirmations.longPressed(l.trigger().pin());
      case TriggerEvent.InputFired f -> false;
    };
  }

  static Ports.Indicator indicator(StatusLed led, Home home) {
    return state -> {
      led.show(DeviceState.valueOf(state.name()));
      home.state(state.name().toLowerCase(java.util.Locale.ROOT));
    };
  }

  /** A device in one of these keeps its conversation when a wake word is heard elsewhere. */
  static boolean inConversation(DeviceState s) {
    return switch (s) {
      case CONNECTING, LISTENING, THINKING, SPEAKING, OFFLINE -> true;
      case IDLE, ERROR, MUTED -> false;
    };
  }

  /** A button press as Home Assistant's event source; empty for other trigger events. */
  static java.util.Optional<String> homeEvent(TriggerEvent t) {
    return t instanceof TriggerEvent.Pressed p
        ? java.util.Optional.of(source(p.trigger())) : java.util.Optional.empty();
  }

  /** A button or input event as the state machine's event. */
  static Event event(TriggerEvent t) {
    return switch (t) {
      case TriggerEvent.Pressed p -> new Event.Press(source(p.trigger()), pushToTalk(p.trigger()));
      case TriggerEvent.Released r -> new Event.Release(source(r.trigger()),
          pushToTalk(r.trigger()));
      case TriggerEvent.LongPressed l -> new Event.LongPress(source(l.trigger()));
      case TriggerEvent.InputFired f -> new Event.InputFired(source(f.trigger()), f.prompt());
    };
  }

  private static boolean pushToTalk(Trigger.Button b) {
    return b.mode() == Trigger.Button.Mode.PUSH_TO_TALK;
  }

  private static String source(Trigger t) {
    return switch (t) {
      case Trigger.Button b -> "button on GPIO " + b.pin();
      case Trigger.Input i -> "input on GPIO " + i.pin();
      case Trigger.Wakeword w -> "wake word " + w.model();
    };
  }
}
