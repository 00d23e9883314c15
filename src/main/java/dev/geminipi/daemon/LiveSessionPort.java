package dev.geminipi.daemon;

import dev.geminipi.conversation.SessionPort;
import dev.geminipi.live.FunctionResponse;
import dev.geminipi.live.LiveSession;
import java.util.List;

/**
 * The Live session behind the conversation's port. An adapter rather than {@code implements}
 * on LiveSession, so {@code live} never depends on {@code conversation}. Public for the test
 * kit, which wires the state machine to a real session the same way.
 */
public record LiveSessionPort(LiveSession session) implements SessionPort {
  @Override
  public void open(boolean resume) {
    session.open(resume);
  }

  @Override
  public void close() {
    session.close();
  }

  @Override
  public boolean isReady() {
    return session.isReady();
  }

  @Override
  public boolean sendAudio(byte[] pcm, int offset, int length) {
    return session.sendAudio(pcm, offset, length);
  }

  @Override
  public boolean sendActivityStart() {
    return session.sendActivityStart();
  }

  @Override
  public boolean sendActivityEnd() {
    return session.sendActivityEnd();
  }

  @Override
  public boolean sendAudioStreamEnd() {
    return session.sendAudioStreamEnd();
  }

  @Override
  public boolean sendPrompt(String text) {
    return session.sendPrompt(text);
  }

  @Override
  public boolean sendToolResponse(List<FunctionResponse> responses) {
    return session.sendToolResponse(responses);
  }

  @Override
  public long droppedAudio() {
    return session.droppedAudio();
  }

  @Override
  public long reconnects() {
    return session.reconnects();
  }
}
