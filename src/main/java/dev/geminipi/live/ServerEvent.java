package dev.geminipi.live;

import com.eclipsesource.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the Live service can tell the daemon, decoded. One frame may carry several
 * (audio, a transcript and turnComplete together: docs/protocol.md §5), so the decoder
 * returns a list. Consumers switch over this type without a default branch, so a new
 * kind of event is a compile error until it is handled.
 */
public sealed interface ServerEvent {

  /** The setup was accepted; {@code resumed} tells whether a resumption handle was used. */
  record SetupComplete(Optional<String> sessionId, boolean resumed) implements ServerEvent {
  }

  /** Model speech: 16-bit little-endian mono PCM at {@code rateHz} (24 kHz on the Gemini API). */
  record Audio(byte[] pcm, int rateHz) implements ServerEvent {
  }

  /** Text from the model; {@code thought} marks thinking that is not meant for the user. */
  record Text(String text, boolean thought) implements ServerEvent {
  }

  /** A piece of the transcript of what the user said. */
  record InputTranscript(String text, boolean finished) implements ServerEvent {
  }

  /** A piece of the transcript of what the model says. */
  record OutputTranscript(String text) implements ServerEvent {
  }

  /** The user cut the model off: stop playback now and drop what is queued. */
  record Interrupted() implements ServerEvent {
  }

  /** The model has generated its whole answer (it may still be playing). */
  record GenerationComplete() implements ServerEvent {
  }

  /** The model's turn is over; {@code reason} is set when the service says why. */
  record TurnComplete(Optional<String> reason) implements ServerEvent {
  }

  /** The model asks for these functions; every id must be answered. */
  record ToolCall(List<FunctionCall> calls) implements ServerEvent {
    public ToolCall {
      calls = List.copyOf(calls);
    }
  }

  /**
   * One requested function call.
   *
   * @param args the arguments object; a fresh copy per call, owned by the receiver
   */
  record FunctionCall(String id, String name, JsonObject args) {
  }

  /** These calls were cancelled (the user interrupted); send no response for them. */
  record ToolCallCancellation(List<String> ids) implements ServerEvent {
    public ToolCallCancellation {
      ids = List.copyOf(ids);
    }
  }

  /** The service will close this connection after {@code timeLeft}. */
  record GoAway(Duration timeLeft) implements ServerEvent {
  }

  /** A new handle to resume the session with; only resumable ones are usable. */
  record ResumptionUpdate(String newHandle, boolean resumable) implements ServerEvent {
  }

  /** Token counts for the session so far. */
  record Usage(int promptTokens, int responseTokens, int totalTokens) implements ServerEvent {
  }

  /** The service heard the user start or stop speaking ({@code ACTIVITY_START}/{@code _END}). */
  record VoiceActivity(String type) implements ServerEvent {
  }

  /** A field this client does not know; logged once at DEBUG and otherwise ignored. */
  record Unknown(String field) implements ServerEvent {
  }

  /** A frame that is not valid JSON or has a field of the wrong type. */
  record Malformed(String problem) implements ServerEvent {
  }

  /**
   * The connection closed.
   *
   * @param explanation what happened, in plain words, for the log and {@code status}
   * @param willReconnect the session reconnects by itself; false means it has given up
   * @param outOfAttempts it gave up because its attempts in a row ran out, on a fault that
   *     retrying might fix later (the network, the service), not on one of the settings
   */
  record Closed(int code, String reason, String explanation, boolean willReconnect,
      boolean outOfAttempts) implements ServerEvent {
    public Closed(int code, String reason, String explanation, boolean willReconnect) {
      this(code, reason, explanation, willReconnect, false);
    }
  }
}
