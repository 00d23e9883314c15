package dev.geminipi.conversation;

import com.eclipsesource.json.JsonObject;
import dev.geminipi.live.ServerEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The state machine's only input (STYLE 9). Every other thread — triggers, the socket
 * reader, the speaker, timers, control clients — only posts one of these.
 */
public sealed interface Event {

  /** A button went down; {@code pushToTalk} tells how it wants to be treated. */
  record Press(String source, boolean pushToTalk) implements Event {
  }

  /** A button came up. */
  record Release(String source, boolean pushToTalk) implements Event {
  }

  /** A button was held long: hang up. */
  record LongPress(String source) implements Event {
  }

  /** An input (door contact, PIR, doorbell) fired; the prompt goes to the model. */
  record InputFired(String source, String prompt) implements Event {
  }

  /**
   * A wake word was heard, at {@code streamSample} of the microphone's stream (a position as
   * {@link dev.geminipi.audio.Microphone} counts them): a conversation it starts sends the
   * pre-roll from there, not from when this event is handled.
   */
  record WakeWord(String word, Optional<String> prompt, long streamSample) implements Event {
  }

  /** Something the Live session reported. */
  record FromServer(ServerEvent event) implements Event {
  }

  /** The speaker started playing model audio. */
  record PlaybackStarted() implements Event {
  }

  /** The speaker has played everything it was given. */
  record PlaybackDrained() implements Event {
  }

  /** The microphone stopped (true) or resumed (false) delivering audio, e.g. half duplex. */
  record MicPaused(boolean paused) implements Event {
  }

  /** An audio device opened ({@code ok}) or was lost; {@code detail} says which or why. */
  record DeviceChanged(String device, boolean ok, String detail) implements Event {
  }

  /** The microphone heard speech-level sound (posted at most about once a second). */
  record MicActivity() implements Event {
  }

  /** A timer fired; {@code generation} tells a stale timer from the current one. */
  record Timeout(Timer timer, long generation) implements Event {
  }

  /** Which timer. */
  enum Timer { IDLE, THINKING }

  /** A command from the control socket; the answer completes {@code reply}. */
  record Control(JsonObject request, CompletableFuture<JsonObject> reply) implements Event {
  }

  /** The model called the built-in end_conversation tool. */
  record EndRequested() implements Event {
  }

  /** The daemon is stopping: everything to rest. */
  record Shutdown(CompletableFuture<Void> done) implements Event {
  }
}
