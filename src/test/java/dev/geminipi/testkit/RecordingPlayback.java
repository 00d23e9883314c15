package dev.geminipi.testkit;

import dev.geminipi.conversation.Ports;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the speaker when a test is about the state machine (STYLE 19): it records
 * what it was asked to do. Tests post PlaybackStarted/Drained themselves.
 */
public final class RecordingPlayback implements Ports.Playback {
  private final ByteArrayOutputStream played = new ByteArrayOutputStream();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public synchronized void play(byte[] pcm, int rateHz) {
    played.writeBytes(pcm);
    calls.add("play " + pcm.length);
  }

  @Override
  public void interrupt() {
    calls.add("interrupt");
  }

  @Override
  public void earcon(Ports.Earcon earcon) {
    calls.add("earcon " + earcon);
  }

  public synchronized byte[] played() {
    return played.toByteArray();
  }

  public List<String> calls() {
    return List.copyOf(calls);
  }
}
