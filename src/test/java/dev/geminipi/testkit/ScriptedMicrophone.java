package dev.geminipi.testkit;

import dev.geminipi.audio.Microphone;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A microphone whose capture thread is the test itself (STYLE 19: our own interface, and the
 * test is about the caller): the test feeds the listener and sees pre-roll requests.
 */
public final class ScriptedMicrophone implements Microphone {
  private final AtomicInteger preRollRequests = new AtomicInteger();

  @Override
  public void start() {
  }

  @Override
  public void requestPreRoll() {
    preRollRequests.incrementAndGet();
  }

  public int preRollRequests() {
    return preRollRequests.get();
  }

  @Override
  public long clippedSamples() {
    return 0;
  }

  @Override
  public void close() {
  }
}
