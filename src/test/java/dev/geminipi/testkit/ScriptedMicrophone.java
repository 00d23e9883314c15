package dev.geminipi.testkit;

import dev.geminipi.audio.Microphone;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A microphone whose capture thread is the test itself (STYLE 19: our own interface, and the
 * test is about the caller): the test feeds the listener and sees pre-roll requests.
 */
public final class ScriptedMicrophone implements Microphone {
  private final List<OptionalLong> preRolls = new CopyOnWriteArrayList<>();

  @Override
  public void start() {
  }

  @Override
  public void requestPreRoll() {
    preRolls.add(OptionalLong.empty());
  }

  @Override
  public void requestPreRoll(long anchorSample) {
    preRolls.add(OptionalLong.of(anchorSample));
  }

  public int preRollRequests() {
    return preRolls.size();
  }

  /** Each pre-roll asked for, in order: its anchor, or empty for the last preRollMs before now. */
  public List<OptionalLong> preRolls() {
    return List.copyOf(preRolls);
  }

  @Override
  public long clippedSamples() {
    return 0;
  }

  @Override
  public void close() {
  }
}
