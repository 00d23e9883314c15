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
import dev.geminipi.live.ServerEvent;
import dev.geminipi.tools.Confirmations;
import dev.geminipi.tools.ToolRouter;
import dev.geminipi.trigger.TriggerEvent;
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

  static Ports.Actuators actuators(ToolRouter router, Confirmations confirmations) {
    return new Ports.Actuators() {
      @Override
      public void call(List<ServerEvent.FunctionCall> calls) {
        router.handle(new ServerEvent.ToolCall(calls));
      }

      @Override
      public void interrupted() {
        router.interrupted();
      }

      @Override
      public void cancel(List<String> ids) {
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

  static Ports.Indicator indicator(StatusLed led) {
    return state -> led.show(DeviceState.valueOf(state.name()));
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
