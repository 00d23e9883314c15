package dev.geminipi.testkit;

import dev.geminipi.conversation.SessionPort;
import dev.geminipi.live.FunctionResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The session port with no socket behind it, for tests of the state machine's own decisions
 * (STYLE 19: our own interface, the test is about the caller). It records every call in order
 * as a short line; audio as {@code "audio N"} with N the chunk's first byte, the marker of
 * {@code ConversationScaffold.chunk}. The test says when it is ready, as setupComplete would.
 */
public final class RecordingSession implements SessionPort {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile boolean ready;

  /** Ready (set up) or not, as the test's script has it. */
  public void ready(boolean r) {
    ready = r;
  }

  /** Every call so far, oldest first. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** Forgets the calls so far, so a test can assert on what comes next. */
  public void clear() {
    calls.clear();
  }

  @Override
  public void open(boolean resume) {
    calls.add(resume ? "open resuming" : "open");
  }

  @Override
  public void close() {
    ready = false;
    calls.add("close");
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public boolean sendAudio(byte[] pcm, int offset, int length) {
    return record("audio " + (length == 0 ? "-" : pcm[offset]));
  }

  @Override
  public boolean sendActivityStart() {
    return record("activityStart");
  }

  @Override
  public boolean sendActivityEnd() {
    return record("activityEnd");
  }

  @Override
  public boolean sendAudioStreamEnd() {
    return record("audioStreamEnd");
  }

  @Override
  public boolean sendPrompt(String text) {
    return record("prompt " + text);
  }

  @Override
  public boolean sendToolResponse(List<FunctionResponse> responses) {
    return record("toolResponse " + responses.stream().map(FunctionResponse::id)
        .collect(Collectors.joining(",")));
  }

  @Override
  public long droppedAudio() {
    return 0;
  }

  @Override
  public long reconnects() {
    return 0;
  }

  private boolean record(String call) {
    calls.add(call);
    return true;
  }
}
