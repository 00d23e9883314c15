package dev.geminipi.conversation;

import dev.geminipi.live.FunctionResponse;
import java.util.List;

/**
 * The Live session as the conversation uses it, and nothing more: the state machine and the
 * microphone's router depend on this, not on the session class, so the state machine can be
 * stepped through any order of events without a socket. The session's own reports come back
 * as {@link Event.FromServer}. Every method returns at once; a send returns false once the
 * session is closed.
 */
public interface SessionPort {
  /** Starts connecting (resuming the last session if asked and possible); returns at once. */
  void open(boolean resume);

  /** Ends the session; nothing is sent after it. */
  void close();

  /** Connected, set up and not switching connections: what is sent now goes out. */
  boolean isReady();

  /** 16 kHz mono s16le microphone audio, from the capture thread. */
  boolean sendAudio(byte[] pcm, int offset, int length);

  boolean sendActivityStart();

  boolean sendActivityEnd();

  boolean sendAudioStreamEnd();

  /** Text from the user's side (a user turn on models that allow it, else realtime text). */
  boolean sendPrompt(String text);

  boolean sendToolResponse(List<FunctionResponse> responses);

  /** Microphone audio dropped because the connection could not keep up, for status. */
  long droppedAudio();

  /** Connections made after the first, for status. */
  long reconnects();
}
